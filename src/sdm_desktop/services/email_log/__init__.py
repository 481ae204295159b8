"""Emails in: .eml and .msg files logged as interactions, with their attachments kept as files."""
