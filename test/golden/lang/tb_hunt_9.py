result = {"a": 1}
try:
    result["b"]
except KeyError:
    raise ValueError("missing key b")
