"""Calendars out: .ics files (RFC 5545, Europe/London) for training sessions, activities and follow-ups."""
