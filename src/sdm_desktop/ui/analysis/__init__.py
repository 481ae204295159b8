"""Analysis view: the power/interest grid, movement between rounds, coverage and gaps."""
