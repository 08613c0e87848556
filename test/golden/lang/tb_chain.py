def load(cfg):
    try:
        return cfg['lr']
    except KeyError as e:
        raise ValueError('config has no learning rate') from e
def setup():
    return load({'epochs': 2})
setup()
