"""The mission cycle's share of a person's data: participations (with their messages), hours
declared, extra-hours requests, saved searches (accounts.personal_data)."""

from django.db.models import Q

from metis.accounts.personal_data import ERASED_TEXT, iso, text

from .models import ExtraHoursRequest, Participation, SavedSearch, TimeEntry


def export(user) -> dict:
    participations = Participation.objects.filter(volunteer=user).select_related(
        "need__association", "company"
    )
    entries = TimeEntry.objects.filter(participation__volunteer=user).select_related(
        "participation__need"
    )
    extra = ExtraHoursRequest.objects.filter(participation__volunteer=user).select_related(
        "participation__need"
    )
    return {
        "participations": [
            {
                "need": p.need.title,
                "association": p.need.association.name,
                "employer": p.company.name,
                "origin": p.origin,
                "status": p.status,
                "message": p.message,
                "planned_hours": text(p.planned_hours),
                "planned_starts_on": iso(p.planned_starts_on),
                "planned_ends_on": iso(p.planned_ends_on),
                "reason": p.reason_code,
                "reason_note": p.reason_note,
                "created_at": iso(p.created_at),
                "ended_at": iso(p.ended_at),
            }
            for p in participations.order_by("created_at", "pk")
        ],
        "hours": [
            {
                "need": e.participation.need.title,
                "date": iso(e.date),
                "hours": text(e.hours),
                "description": e.description,
                "status": e.status,
                "rejection_reason": e.rejection_reason,
                "rejection_note": e.rejection_note,
                "hourly_cost": text(e.hourly_cost),
                "value": text(e.value),
            }
            for e in entries.order_by("date", "pk")
        ],
        "extra_hours_requests": [
            {
                "need": r.participation.need.title,
                "hours": text(r.hours),
                "status": r.status,
                "request_note": r.request_note,
                "reason_note": r.reason_note,
                "created_at": iso(r.created_at),
            }
            for r in extra.order_by("created_at", "pk")
        ],
    }


def erase(user, former) -> None:
    """Free text about or by the person goes; hours, dates and statuses stay (ledger totals and
    receipts rest on them)."""
    participations = Participation.objects.filter(volunteer=user)
    participations.update(message="", reason_note="")
    Participation.history.filter(volunteer=user).update(message="", reason_note="")
    TimeEntry.objects.filter(participation__volunteer=user).update(
        description=ERASED_TEXT, rejection_note=""
    )
    ExtraHoursRequest.objects.filter(participation__volunteer=user).update(
        request_note="", reason_note=""
    )
    # Notes others wrote that name the person (refusals, rejections, moderation).
    for form in former.forms:
        Participation.objects.filter(reason_note__icontains=form).update(reason_note="")
        Participation.history.filter(
            Q(message__icontains=form) | Q(reason_note__icontains=form)
        ).update(message="", reason_note="")
        TimeEntry.objects.filter(
            Q(description__icontains=form) | Q(rejection_note__icontains=form)
        ).update(description=ERASED_TEXT, rejection_note="")


def export_saved_searches(user) -> dict:
    return {
        "saved_searches": [
            {"name": s.name, "criteria": s.criteria, "created_at": iso(s.created_at)}
            for s in SavedSearch.objects.filter(owner=user).order_by("created_at", "pk")
        ]
    }


def erase_saved_searches(user, former) -> None:
    """Saved searches serve only their owner: they go."""
    SavedSearch.objects.filter(owner=user).delete()
