"""Module: the base class of every layer. (Placeholder: the full Module is being written.)"""


class Module:
    def __init__(self, *args, **kwargs):
        pass
