"""The stakeholder register: organisations, people, memberships, tags, search and duplicates."""
