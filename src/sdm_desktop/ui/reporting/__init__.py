"""Reports the app lays out itself (the one-page board summary) and the dialog that asks for one."""
