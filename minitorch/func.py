"""torch.func: (being written)."""
