"""Log emails: the dialog, choosing files, and dropping files (or Outlook messages) onto the window."""
