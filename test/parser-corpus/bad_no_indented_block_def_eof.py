def train():
