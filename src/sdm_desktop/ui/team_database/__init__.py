"""File → Team database… (copy the register to or from a team database) and Connect to team database…."""
