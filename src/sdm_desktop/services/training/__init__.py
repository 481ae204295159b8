"""Train-the-trainer: programmes, cohorts, sessions, enrolment, attendance, evaluation, the cascade."""
