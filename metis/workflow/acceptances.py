"""Who is asked to accept a participation's documents: each person whose acceptance is awaited
is told when the documents are prepared (on the employer's approval), and reminded every
REMINDER_DAYS while it is still awaited. Each notice carries a key (document, party, period):
a person gets at most one reminder per document and period, however often this runs."""

import datetime

from django.utils import timezone

from metis.documents.models import Party
from metis.documents.selectors import DOCUMENT_LABELS, participation_acceptances
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation
from metis.notifications import events as notices

REMINDER_DAYS = 3


def _people(participation, party) -> list:
    if party == Party.EMPLOYEE:
        return [participation.volunteer]
    if party == Party.COMPANY:
        return notices.company_referents(participation.company)
    return notices.association_managers(participation.need.association)


def _key(row, suffix="") -> str:
    return f"acceptance-{row.document}-{row.document_pk}-{row.party}{suffix}"


def acceptances_awaited_notify(participation) -> int:
    """Tell every person whose acceptance of the participation's documents is awaited (once
    per document and party). Returns the notices created."""
    created = 0
    for row in participation_acceptances(participation):
        if row.awaited:
            created += len(
                notices.acceptance_awaited(
                    users=_people(participation, row.party),
                    participation=participation,
                    document=str(DOCUMENT_LABELS[row.document]),
                    url=row.url,
                    key=_key(row),
                )
            )
    return created


def acceptance_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each person whose acceptance is still awaited REMINDER_DAYS (or a multiple) after
    the document was prepared: at most one reminder per person, document and period. Returns
    the reminders created (run daily, before the digest: docs/developing.md)."""
    now = now or timezone.now()
    sent = 0
    participations = Participation.objects.filter(
        status=ParticipationStatus.APPROVED
    ).select_related("need__association", "volunteer", "company")
    for participation in participations:
        for row in participation_acceptances(participation):
            period = (now - row.since).days // REMINDER_DAYS
            if not row.awaited or period < 1:
                continue
            sent += len(
                notices.acceptance_awaited(
                    users=_people(participation, row.party),
                    participation=participation,
                    document=str(DOCUMENT_LABELS[row.document]),
                    url=row.url,
                    key=_key(row, f"-reminder-{period}"),
                    reminder=True,
                )
            )
    return sent
