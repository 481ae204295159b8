"""The register's forms (a person, an organisation) and their validation, free of the database."""
