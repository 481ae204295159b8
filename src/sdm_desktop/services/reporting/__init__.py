"""Reports and summaries across features: the Home overview."""
