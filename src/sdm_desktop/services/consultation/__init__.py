"""Consultation responses: import what people said, code it by theme, analyse it and report it."""
