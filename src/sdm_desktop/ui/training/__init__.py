"""Training view: programmes, cohorts, sessions, participants, attendance, evaluation and the cascade."""
