"""Working with colleagues on a team database: live refresh and "being edited by …"."""
