"""Engagement view: plans, activities, the interaction log, follow-ups and you said, we did."""
