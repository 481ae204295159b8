"""Home view: the programme at a glance."""
