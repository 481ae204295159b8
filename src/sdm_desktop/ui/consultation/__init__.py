"""Consultation view: responses, coding by theme, the codebook and the analysis of one activity."""
