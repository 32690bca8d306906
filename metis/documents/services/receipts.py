"""Writes of receipts: issue with gapless numbering, cancel, re-issue, year-end batch.

Rules: docs/rules.md § 5 (documents); decisions in docs/decisions/0007-documents.md.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from metis.core.hours import quantize
from metis.needs.models import TimeEntry

from .. import signals
from ..models import Receipt, ReceiptCounter, ReceiptLine, ReceiptStatus
from ..receipt_checks import entries_outside_documents
from ..receipt_content import (
    content_sha256,
    lines_for,
    render_receipt,
    signatory_quality_in_french,
)
from .common import require

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
OUTSIDE_DOCUMENTS = _(
    "A receipt covers only hours worked under accepted documents (the loan agreement and the "
    "contract amendment accepted by every party, from their acceptance and within their "
    "period): %(problems)s"
)
PERIOD_IN_FUTURE = _(
    "A receipt covers work already done: its period cannot end after today (%(date)s)."
)
NOT_A_SIGNATORY = _(
    "Only a person the association recorded as a signatory of its receipts (president, "
    "treasurer or authorised person) can issue one: ask a manager to record you in the "
    "association's signatories."
)


def eligibility_text(association) -> str:
    """The basis of eligibility printed on the receipt (cerfa 16216, docs/rules.md § 1 and § 5)."""
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


def _next_sequence(association, year) -> int:
    """Gapless: the counter row is locked (SELECT … FOR UPDATE; SQLite transactions are
    IMMEDIATE) until the receipt using the number is committed."""
    counter, _created = ReceiptCounter.objects.get_or_create(association=association, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def current_signatory(association, user):
    """The user's current record as a signatory of the association's receipts, or None."""
    from metis.organisations.models import AssociationSignatory

    return AssociationSignatory.objects.current().filter(association=association, user=user).first()


@transaction.atomic
def receipt_issue(*, association, company, period_start, period_end, by, replaces=None) -> Receipt:
    """Issue a receipt for the validated, valued hours the company's employees gave the
    association in the period, signed by ``by`` (docs/rules.md § 5).

    Exactly once: the association's row is locked before any check, so two issues for the same
    association run one after the other and the second sees the first's receipt (overlap
    refused); and a partial unique constraint lets a time entry be on one issued receipt only.
    """
    from metis.organisations.models import Association

    association = Association.objects.select_for_update().get(pk=association.pk)
    require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    require(
        period_start and period_end and period_end >= period_start, PERIOD_INVALID, code="period"
    )
    today = timezone.localdate()
    require(period_end <= today, PERIOD_IN_FUTURE, code="future", date=date_format(today))
    signatory = current_signatory(association, by)
    require(signatory is not None, NOT_A_SIGNATORY, code="not_a_signatory")
    if replaces is not None:
        replaces = Receipt.objects.select_for_update().get(pk=replaces.pk)
        require(replaces.status == ReceiptStatus.CANCELLED, REPLACED_NOT_CANCELLED)
        require(not Receipt.objects.filter(replaces=replaces).exists(), ALREADY_REPLACED)
    entries = receipt_entries(
        association=association, company=company, period_start=period_start, period_end=period_end
    )
    pending = entries.filter(value__isnull=True).count()
    require(pending == 0, AWAITING_COST_PRICE, code="awaiting_cost_price", count=pending)
    problems = entries_outside_documents(entries)
    require(not problems, OUTSIDE_DOCUMENTS, code="documents", problems=" ".join(problems))
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
        signatory=signatory,
        signatory_name=signatory.full_name,
        signatory_title=signatory_quality_in_french(signatory),
        replaces=replaces,
        issued_by=by,
        issued_at=now,
    )
    lines = lines_for(entries)
    receipt.content_sha256 = content_sha256(receipt, lines)
    receipt.pdf, receipt.sha256 = render_receipt(receipt, lines)
    receipt.save()
    for line in lines:
        line.receipt = receipt
    ReceiptLine.objects.bulk_create(lines)
    signals.receipt_issued.send(Receipt, receipt=receipt, by=by)
    return receipt


@transaction.atomic
def receipt_cancel(*, receipt, by, reason: str) -> Receipt:
    """Cancel an issued receipt: its hours may then be reversed or receipted again, and a
    replacement may be issued. The company's referents, the employees concerned and the
    association's other managers are told."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    require(receipt.status == ReceiptStatus.ISSUED, NOT_ISSUED, code="not_issued")
    require(bool((reason or "").strip()), REASON_REQUIRED, code="reason")
    receipt.status = ReceiptStatus.CANCELLED
    receipt.cancelled_at = timezone.now()
    receipt.cancelled_by = by
    receipt.cancellation_reason = reason.strip()
    receipt.save()
    ReceiptLine.objects.filter(receipt=receipt).update(active=False)
    from metis.notifications.events import receipt_cancelled

    receipt_cancelled(receipt, by=by)
    signals.receipt_cancelled.send(Receipt, receipt=receipt, by=by)
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
