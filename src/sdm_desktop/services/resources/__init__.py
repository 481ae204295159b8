"""The library of SDM resources: items, offline copies, the built-in pack, shares."""
