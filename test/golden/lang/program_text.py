# String processing and formatting.
text = """The quick brown fox
jumps over the lazy dog. The dog sleeps."""
words = [w.strip('.,').lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
for word, n in top:
    print(f'{word:<8}|{n:>3}|{"#" * n}')
print(' '.join(w.capitalize() for w in words[:4]))
print('%-6s%6.2f%%' % ('ratio', 100 * len(freq) / len(words)))
table = [('alpha', 1.5, 10), ('beta', 22.25, 3), ('gamma', 333.125, 42)]
print('{:<6} {:>8} {:>4}'.format('name', 'value', 'n'))
for name, v, n in table:
    print('{:<6} {:>8.2f} {:>4d}'.format(name, v, n))
print(f"{'centered':^20}|", f'{3.14159:+.2e}', f'{0.000012345:.3g}', f'{12345678:,.1f}')
lines = text.splitlines()
print(len(lines), [len(l) for l in lines], lines[1].find('lazy'), lines[0][4:9][::-1])
print(repr(text[:10]), ascii('café'), str(b'x' if False else 'bytes-free'))
