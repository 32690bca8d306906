"""The one place where the steps of one app trigger the steps of another (docs/architecture.md,
"Orchestration"). Lower apps announce their steps with signals (metis.needs.signals,
metis.valuation.signals) sent inside their transaction; the receivers below, connected once in
WorkflowConfig.ready(), run the next step in that same transaction. A receiver that raises
ValidationError refuses the step: nothing is written.

- participation applied / invited / accepted / refused / approved, hours declared / rejected,
  extra hours requested → the notices of metis.notifications;
- civic day booked → the employer's referents told, its HR contacts e-mailed their signed link
  to answer (metis.civic.links);
- participation approved → its loan agreement and contract amendment prepared
  (metis.documents), and every person whose acceptance they await told (`acceptances`, which
  also reminds them); their acceptance activates it (metis.documents.services.activation, the
  one door to "active");
- participation completed → its volunteer and its association asked for its outcome
  (metis.outcomes);
- hours validated → valued at the employee's cost price (metis.valuation);
- cost price recorded → the hours that awaited it valued;
- validated hours about to be reversed → refused while an issued receipt covers them;
- participation approved / completed, hours validated / rejected, receipt issued / cancelled
  (metis.documents.signals) → the webhooks of the company and the association concerned
  (metis.webhooks.events, sent once the transaction commits).
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metis.civic import signals as civic_signals
from metis.civic.links import answer_links_send
from metis.documents import signals as documents_signals
from metis.documents.models import Receipt
from metis.documents.services.agreements import agreements_prepare_for
from metis.needs import signals as needs_signals
from metis.notifications import events as notices
from metis.valuation import signals as valuation_signals
from metis.valuation.time_entries import time_entries_value_pending, time_entry_value
from metis.webhooks import events as webhook_events

from .acceptances import acceptances_awaited_notify


def _participation_applied(sender, *, participation, **kwargs):
    notices.participation_applied(participation)


def _participation_invited(sender, *, participation, **kwargs):
    notices.participation_invited(participation)


def _participation_accepted(sender, *, participation, by, **kwargs):
    notices.participation_accepted(participation, by=by)


def _civic_day_booked(sender, *, participation, **kwargs):
    notices.civic_day_booked(
        participation, answer_url=reverse("civic:booking_answer", args=[participation.pk])
    )
    answer_links_send(participation)


def _participation_refused(sender, *, participation, by, **kwargs):
    notices.participation_refused(participation, by=by)


def _participation_approved(sender, *, participation, by, now=None, **kwargs):
    notices.participation_approved(participation)
    agreements_prepare_for(participation=participation, by=by, now=now)
    acceptances_awaited_notify(participation)


def _hours_declared(sender, *, entry, **kwargs):
    notices.hours_declared(entry)


def _hours_rejected(sender, *, entry, **kwargs):
    notices.hours_rejected(entry)


def _extra_hours_requested(sender, *, request, **kwargs):
    notices.extra_hours_requested(request)


def _time_entry_validated(sender, *, entry, **kwargs):
    time_entry_value(entry=entry)


RECEIPTED_HOURS_FROZEN = _(
    "These hours are covered by receipt %(number)s, issued to %(company)s: cancel that receipt "
    "first (its amount would no longer match the hours), then reverse them."
)


def _receipted_hours_frozen(sender, *, entry, **kwargs):
    """Validated hours covered by an issued (not cancelled) receipt cannot be reversed until the
    receipt is cancelled (issue 13; an issued receipt never changes, rules.md § 5)."""
    participation = entry.participation
    receipt = (
        Receipt.objects.issued()
        .filter(
            association_id=participation.need.association_id,
            company_id=participation.company_id,
            period_start__lte=entry.date,
            period_end__gte=entry.date,
        )
        .order_by("issued_at", "pk")
        .first()
    )
    if receipt is not None:
        raise ValidationError(
            RECEIPTED_HOURS_FROZEN,
            code="receipted",
            params={"number": receipt.number, "company": participation.company.name},
        )


def _participation_completed(sender, *, participation, **kwargs):
    """A mission completed: both sides are asked for its outcome (metis.outcomes)."""
    if not participation.is_civic_day:
        notices.outcome_requested(participation)


def _cost_price_recorded(sender, *, price, **kwargs):
    time_entries_value_pending(company=price.company, year=price.year)


def _webhook_participation_approved(sender, *, participation, **kwargs):
    webhook_events.participation_approved(participation)


def _webhook_participation_completed(sender, *, participation, **kwargs):
    webhook_events.participation_completed(participation)


def _webhook_hours_validated(sender, *, entry, **kwargs):
    webhook_events.hours_validated(entry)


def _webhook_hours_rejected(sender, *, entry, **kwargs):
    webhook_events.hours_rejected(entry)


def _webhook_receipt_issued(sender, *, receipt, **kwargs):
    webhook_events.receipt_issued(receipt)


def _webhook_receipt_cancelled(sender, *, receipt, **kwargs):
    webhook_events.receipt_cancelled(receipt)


RECEIVERS = [
    (needs_signals.participation_applied, _participation_applied),
    (needs_signals.participation_invited, _participation_invited),
    (needs_signals.participation_accepted, _participation_accepted),
    (needs_signals.participation_refused, _participation_refused),
    (civic_signals.civic_day_booked, _civic_day_booked),
    (needs_signals.participation_approved, _participation_approved),
    (needs_signals.hours_declared, _hours_declared),
    (needs_signals.hours_rejected, _hours_rejected),
    (needs_signals.extra_hours_requested, _extra_hours_requested),
    (needs_signals.time_entry_validated, _time_entry_validated),
    (needs_signals.time_entry_reversing, _receipted_hours_frozen),
    (valuation_signals.cost_price_recorded, _cost_price_recorded),
    (needs_signals.participation_completed, _participation_completed),
    (needs_signals.participation_approved, _webhook_participation_approved),
    (needs_signals.participation_completed, _webhook_participation_completed),
    (needs_signals.time_entry_validated, _webhook_hours_validated),
    (needs_signals.hours_rejected, _webhook_hours_rejected),
    (documents_signals.receipt_issued, _webhook_receipt_issued),
    (documents_signals.receipt_cancelled, _webhook_receipt_cancelled),
]


def connect():
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"workflow.{receiver.__name__}")
