# Regenerates expected-3.14.json: CPython 3.14's compile() result for every corpus script.
# Run with the reference interpreter (never at test time):
#   /work/shared/oracle/torch-python test/parser-corpus/make_expected.py
import glob, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
out = {"python": sys.version.split()[0], "cases": {}}
for path in sorted(glob.glob(os.path.join(here, "*.py"))):
    name = os.path.basename(path)
    if name == "make_expected.py":
        continue
    with open(path, encoding="utf-8") as f:
        src = f.read()
    try:
        compile(src, name, "exec", dont_inherit=True)
        out["cases"][name] = None
    except SyntaxError as e:
        out["cases"][name] = {
            "type": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset,
            "end_lineno": e.end_lineno, "end_offset": e.end_offset,
        }
with open(os.path.join(here, "expected-3.14.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
