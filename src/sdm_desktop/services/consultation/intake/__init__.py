"""Responses coming in: exports recognised and imported, paper responses typed."""
