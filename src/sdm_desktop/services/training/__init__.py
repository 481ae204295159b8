"""Train-the-trainer: programmes, cohorts, sessions, enrolment, attendance and completion, evaluation, the cascade."""
