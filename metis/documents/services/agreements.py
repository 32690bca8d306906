"""Writes of the loan of staff: agreements (versions, annexes), contract amendments, their
acceptances, and the activation that follows.

Rules: rules.md § 2 (loan of staff) and § 5 (documents); decisions in
docs/decisions/0007-documents.md.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core.formats import french_amount
from metis.core.hours import quantize
from metis.needs.enums import ParticipationStatus

from ..models import (
    Acceptance,
    AgreementAnnex,
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
)
from ..pdf import render_pdf
from .common import add_years, postcode, require

# Messages (tests import them).
LOAN_TOO_LONG = _("A loan of staff lasts at most 3 years (Code du travail L8241-3).")
ALREADY_ACCEPTED = _("You have already accepted this version.")
NOT_A_PARTY = _("You are not a party to this document.")


def loan_duration_ok(starts_on, ends_on) -> bool:
    """At most 3 years per loan (L8241-3): the last day is before the 3rd anniversary."""
    return ends_on < add_years(starts_on, 3)


def _place(participation) -> str:
    need = participation.need
    commune = need.commune
    where = f"{commune.name} ({postcode(commune)})"
    labels = {"remote": "à distance", "on_site": "sur site", "both": "sur site et à distance"}
    return f"{where} — {labels.get(need.format, need.format)}"


def _annex_fields(participation) -> dict:
    from metis.accounts.models import VolunteerProfile
    from metis.valuation.cost_prices import cost_price_for

    volunteer = participation.volunteer
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    price = cost_price_for(
        company=participation.company,
        employee=volunteer,
        year=participation.planned_starts_on.year,
    )
    hourly = price.hourly_cost if price else None
    need = participation.need
    return {
        "employee_name": volunteer.get_full_name() or volunteer.email,
        "job_title": (profile.job_title if profile else "") or "",
        "tasks": f"{need.title}\n{need.description}",
        "planned_hours": participation.planned_hours,
        "starts_on": participation.planned_starts_on,
        "ends_on": participation.planned_ends_on,
        "hourly_cost": hourly,
        "valuation": quantize(participation.planned_hours * hourly) if hourly else None,
        "place": _place(participation),
    }


def _calendar(annex) -> list[tuple[str, Decimal]]:
    """Planned hours spread evenly over the months of the annex (the agreed calendar)."""
    months = []
    day = annex.starts_on.replace(day=1)
    while day <= annex.ends_on:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    share = quantize(annex.planned_hours / len(months))
    rows = [(f"{m:%m/%Y}", share) for m in months]
    # The last month takes the rounding difference so the calendar adds up.
    rows[-1] = (rows[-1][0], quantize(annex.planned_hours - share * (len(months) - 1)))
    return [(label, french_amount(hours)) for label, hours in rows]


def _render_agreement(agreement, number, annexes):
    rows = [
        {
            "a": annex,
            "hours": french_amount(annex.planned_hours),
            "hourly": french_amount(annex.hourly_cost) if annex.hourly_cost else None,
            "valuation": french_amount(annex.valuation) if annex.valuation is not None else None,
            "calendar": _calendar(annex),
            "months": round((annex.ends_on - annex.starts_on).days / 30.44, 1),
        }
        for annex in annexes
    ]
    total = sum((a.valuation or Decimal(0)) for a in annexes)
    return render_pdf(
        "agreement.html",
        {
            "agreement": agreement,
            "c": agreement.company,
            "a": agreement.association,
            "c_postcode": postcode(agreement.company.commune),
            "a_postcode": postcode(agreement.association.commune),
            "programme": agreement.programme,
            "version": number,
            "rows": rows,
            "total_valuation": french_amount(total),
            "today": timezone.localdate(),
        },
    )


def _render_amendment(participation, annex):
    return render_pdf(
        "amendment.html",
        {
            "p": participation,
            "c": participation.company,
            "a": participation.need.association,
            "annex": annex,
            "hours": french_amount(annex.planned_hours),
            "calendar": _calendar(annex),
            "today": timezone.localdate(),
        },
    )


@transaction.atomic
def agreements_prepare_for(*, participation, by=None):
    """Called when the employer approves a participation: add (or update) its annex to the
    company × association × programme agreement, render a new agreement version, and prepare
    the employee's contract amendment. Returns (agreement, amendment)."""
    need = participation.need
    require(
        loan_duration_ok(participation.planned_starts_on, participation.planned_ends_on),
        LOAN_TOO_LONG,
        code="loan_too_long",
    )
    agreement, _created = LoanAgreement.objects.get_or_create(
        company=participation.company, association=need.association, programme=need.programme
    )
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    annex, _created = AgreementAnnex.objects.update_or_create(
        participation=participation,
        defaults={"agreement": agreement, **_annex_fields(participation)},
    )
    annexes = list(
        agreement.annexes.exclude(
            participation__status__in=[
                ParticipationStatus.WITHDRAWN,
                ParticipationStatus.CANCELLED,
                ParticipationStatus.REFUSED,
            ]
        ).select_related("participation")
    )
    number = (agreement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = AgreementVersion.objects.create(agreement=agreement, number=number)
    version.annexes.set(annexes)
    amendment, _created = ContractAmendment.objects.get_or_create(participation=participation)
    if not _created and not amendment.acceptances.exists():
        # Not accepted yet: it will be rendered afresh with the new hours and dates.
        amendment.pdf, amendment.sha256 = None, ""
        amendment.save(update_fields=["pdf", "sha256", "updated_at"])
    return agreement, amendment


@transaction.atomic
def agreement_version_pdf(version) -> bytes:
    """The PDF of an agreement version, rendered and stored the first time it is needed; from
    then on the stored bytes (and their SHA-256) are what the parties see and accept."""
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.pdf is None:
        agreement = version.agreement
        annexes = list(version.annexes.select_related("participation").order_by("pk"))
        version.pdf, version.sha256 = _render_agreement(agreement, version.number, annexes)
        version.save(update_fields=["pdf", "sha256"])
    return bytes(version.pdf)


@transaction.atomic
def amendment_pdf(amendment) -> bytes:
    """The PDF of a contract amendment, rendered and stored the first time it is needed."""
    amendment = ContractAmendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.pdf is None:
        participation = amendment.participation
        amendment.pdf, amendment.sha256 = _render_amendment(
            participation, participation.agreement_annex
        )
        amendment.save(update_fields=["pdf", "sha256", "updated_at"])
    return bytes(amendment.pdf)


def agreement_party(user, agreement) -> str | None:
    from metis.accounts.permissions import is_manager_of_association, is_referent_of_company

    if is_referent_of_company(user, agreement.company):
        return Party.COMPANY
    if is_manager_of_association(user, agreement.association):
        return Party.ASSOCIATION
    return None


def amendment_party(user, amendment) -> str | None:
    from metis.accounts.permissions import is_referent_of_company

    if amendment.participation.volunteer_id == user.pk:
        return Party.EMPLOYEE
    if is_referent_of_company(user, amendment.participation.company):
        return Party.COMPANY
    return None


def _ready_to_activate(participation) -> bool:
    annex = getattr(participation, "agreement_annex", None)
    amendment = getattr(participation, "contract_amendment", None)
    if annex is None or amendment is None:
        return False
    current = annex.agreement.current_version
    return (
        current is not None
        and current.annexes.filter(pk=annex.pk).exists()
        and current.is_complete
        and amendment.is_complete
    )


def _activate_ready(participations, by):
    from metis.needs.services.participations import participation_activate

    activated = []
    for participation in participations:
        if participation.status == ParticipationStatus.APPROVED and _ready_to_activate(
            participation
        ):
            activated.append(participation_activate(participation=participation, by=by))
    return activated


@transaction.atomic
def agreement_accept(*, agreement, by) -> Acceptance:
    """The company referent or the association manager accepts the current version; when
    every document of an approved participation is accepted, it becomes active."""
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    party = agreement_party(by, agreement)
    require(party is not None, NOT_A_PARTY, code="not_a_party")
    version = agreement.current_version
    require(not version.accepted_by(party), ALREADY_ACCEPTED, code="already_accepted")
    agreement_version_pdf(version)  # what is accepted is what was rendered and stored
    version.refresh_from_db(fields=["sha256"])
    acceptance = Acceptance.objects.create(
        agreement_version=version,
        party=party,
        user=by,
        accepted_at=timezone.now(),
        sha256=version.sha256,
    )
    participations = [
        annex.participation for annex in version.annexes.select_related("participation")
    ]
    _activate_ready(participations, by)
    return acceptance


@transaction.atomic
def amendment_accept(*, amendment, by) -> Acceptance:
    """The employee (and the employer) accept the amendment to the employment contract."""
    amendment = ContractAmendment.objects.select_for_update().get(pk=amendment.pk)
    party = amendment_party(by, amendment)
    require(party is not None, NOT_A_PARTY, code="not_a_party")
    require(
        not amendment.acceptances.filter(party=party).exists(),
        ALREADY_ACCEPTED,
        code="already_accepted",
    )
    amendment_pdf(amendment)
    amendment.refresh_from_db(fields=["sha256"])
    acceptance = Acceptance.objects.create(
        amendment=amendment,
        party=party,
        user=by,
        accepted_at=timezone.now(),
        sha256=amendment.sha256,
    )
    _activate_ready([amendment.participation], by)
    return acceptance
