"""Engagement at the three PPE levels: plans, activities, interactions, follow-ups, the report."""
