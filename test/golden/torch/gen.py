#!/usr/bin/env python3
"""Regenerates the goldens of test/golden/torch from the reference PyTorch (2.14.1, Python 3.14):
NAME.out (stdout), NAME.err_last (last stderr line, for scripts ending in an uncaught
exception) and NAME.warn (warnings as 'Category: message', PyTorch's '(Triggered internally
at …)' suffix dropped).  Usage: python3 gen.py [NAME.py ...]   (needs /work/shared/oracle)."""
import os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.environ.get("TORCH_ORACLE", "/work/shared/oracle/torch-python")
WARN_RE = re.compile(r"^(?:.*?:\d+: )?([A-Za-z_][A-Za-z0-9_]*Warning): (.*)$")
TRIGGERED_RE = re.compile(r"\s*\(Triggered internally at .*\)\s*$")

names = sys.argv[1:] or sorted(f for f in os.listdir(HERE) if f.endswith(".py") and f != "gen.py")
for name in names:
    base = os.path.join(HERE, name[:-3])
    p = subprocess.run([ORACLE, name], cwd=HERE, capture_output=True, text=True)
    with open(base + ".out", "w") as f:
        f.write(p.stdout)
    for ext in (".err_last", ".warn"):
        if os.path.exists(base + ext):
            os.remove(base + ext)
    if p.returncode != 0:
        last = [l.rstrip() for l in p.stderr.split("\n") if l.strip()][-1]
        with open(base + ".err_last", "w") as f:
            f.write(last + "\n")
    warns = []
    for line in p.stderr.split("\n"):
        m = WARN_RE.match(line.rstrip())
        if m and "Warning:" in line:
            warns.append("%s: %s" % (m.group(1), TRIGGERED_RE.sub("", m.group(2))))
    if warns:
        with open(base + ".warn", "w") as f:
            f.write("\n".join(warns) + "\n")
    print(name, "exit", p.returncode)
