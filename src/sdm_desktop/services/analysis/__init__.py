"""Stakeholder analysis: dated assessments, the power/interest grid, PPE coverage and gaps."""
