"""Mailings: templates and sender details, recipients, writing letters, their history."""
