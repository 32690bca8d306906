"""The one door to an active participation: approved → active only when its loan agreement
(the general terms in force and the employee's annex) and the employee's contract amendment
are accepted by every party (Code du travail L8241-2, rules.md § 2: no hour before the
documents are signed). Nothing else sets a participation active."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core.clock import save_at
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation

from ..models import Party
from ..selectors import Document, participation_acceptances
from .common import require

ACTIVATION_WRONG_STATE = _("Only an approved participation can become active.")
ACTIVATION_DOCUMENTS_MISSING = _(
    "The participation cannot become active before every document is accepted; missing: "
    "%(missing)s."
)
MISSING_AGREEMENT = _("the loan agreement")
MISSING_AGREEMENT_COMPANY = _("the loan agreement accepted by the company")
MISSING_AGREEMENT_ASSOCIATION = _("the loan agreement accepted by the association")
MISSING_ANNEX_COMPANY = _("the employee's annex accepted by the company")
MISSING_ANNEX_ASSOCIATION = _("the employee's annex accepted by the association")
MISSING_AMENDMENT = _("the contract amendment")
MISSING_AMENDMENT_EMPLOYEE = _("the contract amendment accepted by the employee")
MISSING_AMENDMENT_COMPANY = _("the contract amendment accepted by the employer")
MISSING = {
    (Document.AGREEMENT, Party.COMPANY): MISSING_AGREEMENT_COMPANY,
    (Document.AGREEMENT, Party.ASSOCIATION): MISSING_AGREEMENT_ASSOCIATION,
    (Document.ANNEX, Party.COMPANY): MISSING_ANNEX_COMPANY,
    (Document.ANNEX, Party.ASSOCIATION): MISSING_ANNEX_ASSOCIATION,
    (Document.AMENDMENT, Party.EMPLOYEE): MISSING_AMENDMENT_EMPLOYEE,
    (Document.AMENDMENT, Party.COMPANY): MISSING_AMENDMENT_COMPANY,
}


def documents_missing(participation) -> list[str]:
    """What still has to be accepted before `participation` can become active (French), empty
    when everything is: the agreement's current version (its general terms) by both parties,
    the employee's annex by both parties, the contract amendment by the employee and the
    employer (the acceptances of documents.selectors.participation_acceptances)."""
    rows = participation_acceptances(participation)
    prepared = {row.document for row in rows}
    missing = [] if Document.AGREEMENT in prepared else [MISSING_AGREEMENT]
    missing += [MISSING[row.document, row.party] for row in rows if row.awaited]
    if Document.AMENDMENT not in prepared:
        missing.append(MISSING_AMENDMENT)
    return [str(m) for m in missing]


@transaction.atomic
def participation_activate(
    *, participation, by, now: datetime.datetime | None = None
) -> Participation:
    """approved → active (hours can be declared from `now`, the time of the last acceptance),
    refused while a document is not accepted by every party."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    require(
        participation.status == ParticipationStatus.APPROVED,
        ACTIVATION_WRONG_STATE,
        code="wrong_state",
    )
    missing = documents_missing(participation)
    require(
        not missing,
        ACTIVATION_DOCUMENTS_MISSING,
        code="documents_missing",
        missing=", ".join(missing),
    )
    participation.status = ParticipationStatus.ACTIVE
    participation.activated_at = now or timezone.now()
    participation._change_reason = "activated"
    save_at(participation, now)
    return participation


def participations_activate_ready(participations, *, by, now=None) -> list[Participation]:
    """Activate those of `participations` that are approved and whose documents are all
    accepted (called after each acceptance)."""
    return [
        participation_activate(participation=participation, by=by, now=now)
        for participation in participations
        if participation.status == ParticipationStatus.APPROVED
        and not documents_missing(participation)
    ]
