"""The Assurance view: the principles of the duty to involve, their evidence and the self-assessment."""
