"""Stakeholders view: the register of groups and people, their editors and timelines."""
