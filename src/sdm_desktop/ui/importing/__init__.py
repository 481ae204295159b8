"""The import wizard and the import history."""
