"""Calendar invitations: .ics files for a cohort's sessions, an activity, or the follow-up actions."""
