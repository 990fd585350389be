"""torch's other spellings of existing ops: (being written)."""

FUNCTIONS = []
NOT_METHODS = []
METHODS = {}
INPLACE_OF = {}
