"""Letters view: templates, recipients, sender details and past mailings."""
