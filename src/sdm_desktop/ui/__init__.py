"""Qt user interface. Turns clicks into service calls and results into widgets."""
