"""(being written)"""
FUNCTIONS = ()
NOT_METHODS = ()
METHODS = {}
INPLACE_OF = {}
