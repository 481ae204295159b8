"""Persistence: engine, models, migrations, backup."""
