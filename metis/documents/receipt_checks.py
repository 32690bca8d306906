"""Reads that guard receipts (rules.md § 5): which hours an issued receipt already covers."""

from .models import ReceiptLine


def time_entries_receipted(entries):
    """The entries of ``entries`` (a TimeEntry queryset) covered by an issued receipt: their
    validation cannot be reversed until that receipt is cancelled."""
    return entries.filter(receipt_lines__active=True)


def receipt_covering(entry):
    """The issued receipt that covers ``entry``, or None."""
    line = ReceiptLine.objects.active().filter(time_entry=entry).select_related("receipt").first()
    return line.receipt if line else None
