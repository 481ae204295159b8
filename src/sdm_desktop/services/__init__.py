"""Use cases and rules in plain Python. Nothing here imports Qt."""
