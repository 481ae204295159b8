"""Data protection: subject access export, erasure, retention review, reading the audit trail."""
