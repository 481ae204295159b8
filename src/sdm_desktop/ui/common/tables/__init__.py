"""Tables: set-up, fitted columns, lazily loaded and record-backed models."""
