"""Writes of the documents app: agreements and amendments (prepare, accept → activation),
receipts (issue with gapless numbering, cancel, re-issue, year-end batch).

Rules: rules.md § 2 (loan of staff) and § 5 (documents); decisions in
docs/decisions/0007-documents.md.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core.hours import quantize
from metis.needs.enums import ParticipationStatus
from metis.needs.models import TimeEntry

from .models import (
    Acceptance,
    AgreementAnnex,
    AgreementVersion,
    BatchStatus,
    ContractAmendment,
    LoanAgreement,
    Party,
    Receipt,
    ReceiptBatch,
    ReceiptCounter,
    ReceiptStatus,
)
from .pdf import render_pdf

# Messages (tests import them).
LOAN_TOO_LONG = _("A loan of staff lasts at most 3 years (Code du travail L8241-3).")
ALREADY_ACCEPTED = _("You have already accepted this version.")
NOT_A_PARTY = _("You are not a party to this document.")
NOT_ELIGIBLE = _(
    "This association may not issue tax receipts: only a body of general interest recorded "
    "as eligible may issue them (art. 238 bis CGI)."
)
PERIOD_INVALID = _("Give a period whose end is not before its start.")
NOTHING_TO_RECEIPT = _("No validated and valued hours of this company for this period.")
AWAITING_COST_PRICE = _(
    "%(count)s validated time entries of this period await the company's cost price: the "
    "company must enter it before a receipt can be issued."
)
PERIOD_OVERLAPS = _("Receipt %(number)s already covers part of this period for this company.")
NOT_ISSUED = _("Only an issued receipt can be cancelled.")
REASON_REQUIRED = _("Give the reason for cancelling.")
REPLACED_NOT_CANCELLED = _("Only a cancelled receipt can be replaced.")
ALREADY_REPLACED = _("This receipt has already been replaced.")


def _require(condition, message, code="invalid", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def fr_number(value) -> str:
    """1234.5 → "1 234,50" (French print of amounts and hours)."""
    text = f"{quantize(value):,.2f}"
    return text.replace(",", " ").replace(".", ",")


def postcode(commune) -> str:
    return (commune.postcodes or "").split(" ")[0].split(",")[0]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# Agreements ---------------------------------------------------------------------------------


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
    return [(label, fr_number(hours)) for label, hours in rows]


def _render_agreement(agreement, number, annexes):
    rows = [
        {
            "a": annex,
            "hours": fr_number(annex.planned_hours),
            "hourly": fr_number(annex.hourly_cost) if annex.hourly_cost else None,
            "valuation": fr_number(annex.valuation) if annex.valuation is not None else None,
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
            "total_valuation": fr_number(total),
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
            "hours": fr_number(annex.planned_hours),
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
    _require(
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
    from metis.needs.services import participation_activate

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
    _require(party is not None, NOT_A_PARTY, code="not_a_party")
    version = agreement.current_version
    _require(not version.accepted_by(party), ALREADY_ACCEPTED, code="already_accepted")
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
    _require(party is not None, NOT_A_PARTY, code="not_a_party")
    _require(
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


# Receipts -----------------------------------------------------------------------------------


def eligibility_text(association) -> str:
    """The basis of eligibility printed on the receipt (cerfa 16216, rules.md § 1 and § 5)."""
    field = association.get_field_of_action_display()
    text = (
        f"œuvre ou organisme d’intérêt général ayant un caractère {str(field).lower()} "
        "(article 238 bis 1 a) du CGI)"
    )
    if association.eligibility_evidence:
        text += f" — justification : {association.get_eligibility_evidence_display()}"
        if association.eligibility_reference:
            text += f" ({association.eligibility_reference})"
    return text


def receipt_entries(*, association, company, period_start, period_end):
    return (
        TimeEntry.objects.validated()
        .for_association(association)
        .for_company(company)
        .in_period(period_start, period_end)
    )


def receipt_context(receipt) -> dict:
    a, c = receipt.association, receipt.company
    return {
        "r": receipt,
        "a": a,
        "c": c,
        "a_postcode": postcode(a.commune),
        "c_postcode": postcode(c.commune),
        "eligibility": eligibility_text(a),
        "amount": fr_number(receipt.amount),
        "hours": fr_number(receipt.hours),
        "issued_on": timezone.localdate(receipt.issued_at),
    }


def render_receipt(receipt) -> tuple[bytes, str]:
    return render_pdf("receipt.html", receipt_context(receipt))


def _next_sequence(association, year) -> int:
    """Gapless: the counter row is locked (SELECT … FOR UPDATE; SQLite transactions are
    IMMEDIATE) until the receipt using the number is committed."""
    counter, _created = ReceiptCounter.objects.get_or_create(association=association, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def receipt_issue(*, association, company, period_start, period_end, by, replaces=None) -> Receipt:
    """Issue a receipt for the validated, valued hours the company's employees gave the
    association in the period (rules.md § 5)."""
    _require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    _require(
        period_start and period_end and period_end >= period_start, PERIOD_INVALID, code="period"
    )
    if replaces is not None:
        replaces = Receipt.objects.select_for_update().get(pk=replaces.pk)
        _require(replaces.status == ReceiptStatus.CANCELLED, REPLACED_NOT_CANCELLED)
        _require(not Receipt.objects.filter(replaces=replaces).exists(), ALREADY_REPLACED)
    entries = receipt_entries(
        association=association, company=company, period_start=period_start, period_end=period_end
    )
    pending = entries.filter(value__isnull=True).count()
    _require(pending == 0, AWAITING_COST_PRICE, code="awaiting_cost_price", count=pending)
    totals = entries.aggregate(amount=Sum("value"), hours=Sum("hours"))
    amount = totals["amount"] or Decimal(0)
    _require(amount > 0, NOTHING_TO_RECEIPT, code="nothing")
    overlap = (
        Receipt.objects.issued()
        .filter(association=association, company=company)
        .filter(period_start__lte=period_end, period_end__gte=period_start)
        .first()
    )
    _require(overlap is None, PERIOD_OVERLAPS, code="overlap", number=overlap and overlap.number)
    titles = list(
        entries.order_by("participation__need__title")
        .values_list("participation__need__title", flat=True)
        .distinct()
    )
    now = timezone.now()
    year = timezone.localdate(now).year
    sequence = _next_sequence(association, year)
    receipt = Receipt(
        association=association,
        company=company,
        year=year,
        sequence=sequence,
        number=f"{year}-{sequence:04d}",
        period_start=period_start,
        period_end=period_end,
        hours=quantize(totals["hours"]),
        amount=quantize(amount),
        description="Mise à disposition de salariés (mécénat de compétences) pour : "
        + " ; ".join(titles),
        place=association.commune.name,
        signatory_name=association.legal_representative,
        signatory_title=association.legal_representative_title,
        replaces=replaces,
        issued_by=by,
        issued_at=now,
    )
    receipt.pdf, receipt.sha256 = render_receipt(receipt)
    receipt.save()
    return receipt


@transaction.atomic
def receipt_cancel(*, receipt, by, reason: str) -> Receipt:
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    _require(receipt.status == ReceiptStatus.ISSUED, NOT_ISSUED, code="not_issued")
    _require(bool((reason or "").strip()), REASON_REQUIRED, code="reason")
    receipt.status = ReceiptStatus.CANCELLED
    receipt.cancelled_at = timezone.now()
    receipt.cancelled_by = by
    receipt.cancellation_reason = reason.strip()
    receipt.save()
    return receipt


@transaction.atomic
def receipt_cancel_and_reissue(*, receipt, by, reason: str) -> Receipt:
    """Fix an error: cancel the receipt and issue a new one (new number) that references it,
    for the same company and period with the figures as they are now."""
    receipt = receipt_cancel(receipt=receipt, by=by, reason=reason)
    return receipt_issue(
        association=receipt.association,
        company=receipt.company,
        period_start=receipt.period_start,
        period_end=receipt.period_end,
        by=by,
        replaces=receipt,
    )


def companies_to_receipt(association, year):
    """Companies with validated hours for the association in the year and no issued receipt
    overlapping it."""
    from metis.organisations.models import Company

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    covered = (
        Receipt.objects.issued()
        .filter(association=association, period_start__lte=end, period_end__gte=start)
        .values("company_id")
    )
    return (
        Company.objects.filter(
            participations__need__association=association,
            participations__time_entries__status="validated",
            participations__time_entries__date__gte=start,
            participations__time_entries__date__lte=end,
        )
        .exclude(pk__in=covered)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def receipt_batch_start(*, association, year: int, by) -> ReceiptBatch:
    """Queue the year-end issue of receipts (one per company) as a background task."""
    _require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    batch = ReceiptBatch.objects.create(
        association=association,
        year=year,
        created_by=by,
        total=companies_to_receipt(association, year).count(),
    )
    from .tasks import issue_receipt_batch

    transaction.on_commit(lambda: issue_receipt_batch.enqueue(batch.pk))
    return batch


def receipt_batch_run(batch_id: int) -> ReceiptBatch:
    """Body of the task: each company in its own transaction; progress saved after each."""
    batch = ReceiptBatch.objects.select_related("association", "created_by").get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return batch
    batch.status = BatchStatus.RUNNING
    companies = list(companies_to_receipt(batch.association, batch.year))
    batch.total = len(companies)
    batch.save(update_fields=["status", "total"])
    start, end = datetime.date(batch.year, 1, 1), datetime.date(batch.year, 12, 31)
    for company in companies:
        try:
            receipt_issue(
                association=batch.association,
                company=company,
                period_start=start,
                period_end=end,
                by=batch.created_by,
            )
            batch.done += 1
        except ValidationError as error:
            batch.errors = [
                *batch.errors,
                {"company": company.name, "error": " ".join(error.messages)},
            ]
        batch.save(update_fields=["done", "errors"])
    batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch
