"""Receipted hours are frozen (issue 13 item 6): validated hours covered by an issued receipt
cannot be reversed until that receipt is cancelled — in the service and through the view."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.documents.services import receipts as receipt_services
from metis.documents.tests.factories import day, valued_cycle
from metis.needs.enums import TimeEntryStatus
from metis.needs.models import TimeEntry
from metis.needs.services import time_entries as time_entry_services


@pytest.fixture
def receipted(db):
    cycle = valued_cycle()
    cycle.receipt = receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=day(30),
        period_end=day(0),
        by=cycle.manager,
    )
    cycle.entry = TimeEntry.objects.validated().order_by("date").first()
    return cycle


def test_reversing_receipted_hours_is_refused_until_the_receipt_is_cancelled(receipted):
    entry = receipted.entry
    with pytest.raises(ValidationError) as error:
        time_entry_services.time_entry_reverse(entry=entry, by=receipted.manager)
    assert error.value.code == "receipted"
    assert receipted.receipt.number in error.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == TimeEntryStatus.VALIDATED and entry.reversal_posting is None
    receipt_services.receipt_cancel(
        receipt=receipted.receipt, by=receipted.manager, reason="Erreur de période"
    )
    entry = time_entry_services.time_entry_reverse(entry=entry, by=receipted.manager)
    assert entry.status == TimeEntryStatus.REVERSED


def test_the_reverse_screen_refuses_receipted_hours(client, receipted):
    client.force_login(receipted.manager)
    response = client.post(
        reverse("needs:time_entry_reverse", args=[receipted.entry.pk]), follow=True
    )
    assert receipted.receipt.number in response.text
    receipted.entry.refresh_from_db()
    assert receipted.entry.status == TimeEntryStatus.VALIDATED
