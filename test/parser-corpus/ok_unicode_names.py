α = 0.5
λ_reg = 1e-3
grad_∇ = None
naïve = "café"
print(α, λ_reg, naïve, "\N{GREEK SMALL LETTER ALPHA}", "\u03b2", "\x41\101\n\t\\")
