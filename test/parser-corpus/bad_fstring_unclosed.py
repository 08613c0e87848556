print(f"value: {x:.2f")
