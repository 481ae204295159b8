"""Privacy: subject access export, erase, retention review, audit trail, backup restore."""
