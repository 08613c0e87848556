total = 1 + \
    2 + \
    3
values = [
    1,
    2,  # a comment inside brackets
    3,
]
call = max(
    values,
    key=lambda v: (
        -v
    ),
)
if (total > 1 and
        call == 3):
    print(total, call)
text = """triple
quoted 'with' "quotes"
"""
other = '''single
triple'''
print(text, other)
