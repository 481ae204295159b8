"""Assurance against the statutory duty to involve: a framework of principles, the plans and activities that
evidence each, the team's self-assessment, and the report for a period."""
