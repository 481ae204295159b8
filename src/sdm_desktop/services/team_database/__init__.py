"""The team database: copying to and from a PostgreSQL server, the saved connection, checks that work there."""
