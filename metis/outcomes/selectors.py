"""Figures of the mission outcomes, read by the dashboards, the public impact page and the
evaluation report."""

from decimal import Decimal

from django.db.models import Avg, Count, Sum

from metis.needs.enums import ParticipationStatus

from .enums import Respondent
from .permissions import is_volunteer_of, manages_association_of


def _average(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def outcome_figures(outcomes) -> dict:
    """Number of forms, people reached (the associations' count: the volunteers' would count
    the same people twice) and average satisfaction per respondent."""
    by_respondent = {
        row["respondent"]: row
        for row in outcomes.values("respondent").annotate(
            count=Count("pk"), satisfaction=Avg("satisfaction"), people=Sum("people_reached")
        )
    }
    association = by_respondent.get(Respondent.ASSOCIATION, {})
    volunteer = by_respondent.get(Respondent.VOLUNTEER, {})
    return {
        "forms": sum(row["count"] for row in by_respondent.values()),
        "people_reached": association.get("people") or 0,
        "association_satisfaction": _average(association.get("satisfaction")),
        "volunteer_satisfaction": _average(volunteer.get("satisfaction")),
    }


def quotes(outcomes, limit=6):
    return list(outcomes.publishable_quotes()[:limit])


def awaited_respondent(user, participation):
    """Which form this person answers for this participation (None: none, or already
    answered)."""
    if participation.status != ParticipationStatus.COMPLETED:
        return None
    if is_volunteer_of(user, participation):
        respondent = Respondent.VOLUNTEER
    elif manages_association_of(user, participation):
        respondent = Respondent.ASSOCIATION
    else:
        return None
    if participation.outcomes.filter(respondent=respondent).exists():
        return None
    return respondent
