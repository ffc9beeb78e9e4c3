"""Background work of the disclosure pages (moderation.background)."""

from __future__ import annotations

import datetime as dt

from moderation.background import retried_task

from .review_digest import send_digest


@retried_task
def send_review_digest(user_id: int, week: str) -> None:
    """One person's weekly review reminder (send_review_digest); nothing when it
    went already this week. A refused send is raised, so it is retried."""
    send_digest(user_id, dt.date.fromisoformat(week))
