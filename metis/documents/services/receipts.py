"""Writes of receipts: issue with gapless numbering, cancel, re-issue, year-end batch.

Rules: rules.md § 5 (documents); decisions in docs/decisions/0007-documents.md.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core.hours import quantize
from metis.needs.models import TimeEntry

from ..models import BatchStatus, Receipt, ReceiptBatch, ReceiptCounter, ReceiptStatus
from ..pdf import render_pdf
from .common import fr_number, postcode, require

# Messages (tests import them).
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
    require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    require(
        period_start and period_end and period_end >= period_start, PERIOD_INVALID, code="period"
    )
    if replaces is not None:
        replaces = Receipt.objects.select_for_update().get(pk=replaces.pk)
        require(replaces.status == ReceiptStatus.CANCELLED, REPLACED_NOT_CANCELLED)
        require(not Receipt.objects.filter(replaces=replaces).exists(), ALREADY_REPLACED)
    entries = receipt_entries(
        association=association, company=company, period_start=period_start, period_end=period_end
    )
    pending = entries.filter(value__isnull=True).count()
    require(pending == 0, AWAITING_COST_PRICE, code="awaiting_cost_price", count=pending)
    totals = entries.aggregate(amount=Sum("value"), hours=Sum("hours"))
    amount = totals["amount"] or Decimal(0)
    require(amount > 0, NOTHING_TO_RECEIPT, code="nothing")
    overlap = (
        Receipt.objects.issued()
        .filter(association=association, company=company)
        .filter(period_start__lte=period_end, period_end__gte=period_start)
        .first()
    )
    require(overlap is None, PERIOD_OVERLAPS, code="overlap", number=overlap and overlap.number)
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
    require(receipt.status == ReceiptStatus.ISSUED, NOT_ISSUED, code="not_issued")
    require(bool((reason or "").strip()), REASON_REQUIRED, code="reason")
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
    require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    batch = ReceiptBatch.objects.create(
        association=association,
        year=year,
        created_by=by,
        total=companies_to_receipt(association, year).count(),
    )
    from ..tasks import issue_receipt_batch

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
