"""nn.init: in-place initialisers with torch's distributions."""
