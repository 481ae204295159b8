"""Working with colleagues on one team database: what they changed since we last looked, and who has a
record open for editing (advisory only, never a lock)."""
