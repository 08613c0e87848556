import os.path as osp, sys
from collections import OrderedDict as OD, defaultdict
from math import (
    sqrt,
    pi as PI,
)
from . import sibling
from ..pkg.mod import thing
from math import *
x: int = 5
y: list
obj = type("O", (), {})()
obj.attr: int = 3
del x
print(sqrt(PI), OD, defaultdict, osp, sys)
raise SystemExit
