"""Equality monitoring, lawfully: special category answers held only with explicit consent, PLUS groups, and
anonymous counts for events where there are no names."""
