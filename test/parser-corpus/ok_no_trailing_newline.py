if True:
    print("no newline at end")
