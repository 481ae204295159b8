"""Reports and summaries across features: the Home overview, and the report kinds the features register."""
