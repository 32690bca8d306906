"""Reads that guard receipts (rules.md § 2 and § 5): which hours a receipt may cover (those
worked under accepted documents) and which hours an issued receipt already covers."""

from .models import ReceiptLine


def time_entries_receipted(entries):
    """The entries of ``entries`` (a TimeEntry queryset) covered by an issued receipt: their
    validation cannot be reversed until that receipt is cancelled."""
    return entries.filter(receipt_lines__active=True)


def receipt_covering(entry):
    """The issued receipt that covers ``entry``, or None."""
    line = ReceiptLine.objects.active().filter(time_entry=entry).select_related("receipt").first()
    return line.receipt if line else None


def entries_outside_documents(entries) -> list[str]:
    """One French sentence per participation whose entries were not worked under its accepted
    documents (Code du travail L8241-2, rules.md § 2: no hour before the loan agreement and the
    contract amendment are accepted, nothing outside their period). A participation becomes
    active only once every party accepted them, so the activation date is when they were
    accepted. Empty when every entry is covered."""
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    by_participation = {}
    for entry in entries.select_related("participation__volunteer", "participation__need"):
        by_participation.setdefault(entry.participation, []).append(entry)
    problems = []
    for participation, items in sorted(by_participation.items(), key=lambda kv: kv[0].pk):
        who = {
            "name": participation.volunteer.get_full_name() or participation.volunteer.email,
            "need": participation.need.title,
        }
        if participation.activated_at is None:
            problems.append(
                _(
                    "%(name)s on “%(need)s”: the loan agreement and the contract amendment were "
                    "never accepted by every party."
                )
                % who
            )
            continue
        activated_on = timezone.localdate(participation.activated_at)
        early = [e for e in items if e.date < activated_on]
        if early:
            problems.append(
                _(
                    "%(name)s on “%(need)s”: %(count)s entries dated before the documents were "
                    "accepted (%(date)s)."
                )
                % {
                    **who,
                    "count": len(early),
                    "date": date_format(activated_on, "SHORT_DATE_FORMAT"),
                }
            )
        start, end = participation.planned_starts_on, participation.planned_ends_on
        outside = [e for e in items if (start and e.date < start) or (end and e.date > end)]
        if outside:
            problems.append(
                _("%(name)s on “%(need)s”: %(count)s entries outside the accepted period.")
                % {**who, "count": len(outside)}
            )
    return problems
