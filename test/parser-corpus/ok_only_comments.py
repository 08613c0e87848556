# just a comment

    # an indented comment is fine
