"""The activity a consultation belongs to, looked up once for every part of the feature."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sdm_desktop.db.models import Activity
from sdm_desktop.errors import UserError


def activity_or_error(s: Session, activity_id: int) -> Activity:
    activity = s.get(Activity, activity_id)
    if activity is None:
        raise UserError(f"There is no activity {activity_id}; see the Engagement view or "
                        "sdm-desktop export activities for the ids.")
    return activity
