"""The events come from the real services, through metis.workflow: to the subscriptions of the
company and the association concerned only, for the kinds they chose, once the transaction
commits (docs/webhooks.md)."""

import pytest
from django.db import transaction

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.services import receipts as receipt_services
from metis.documents.tests.factories import day, valued_cycle
from metis.needs.services import needs as need_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle
from metis.organisations.tests.factories import CompanyFactory
from metis.webhooks import services
from metis.webhooks.models import DeliveryStatus, WebhookDelivery

pytestmark = pytest.mark.django_db


def subscribe(organisation, by, url, *kinds):
    return services.subscription_create(
        organisation=organisation, url=url, event_kinds=kinds, by=by
    )


@pytest.fixture
def cycle(receiver):
    cycle = make_cycle()
    cycle.company_hook = subscribe(
        cycle.company,
        cycle.referent,
        receiver.url + "/c",
        "participation.approved",
        "hours.validated",
    )
    cycle.association_hook = subscribe(
        cycle.association,
        cycle.manager,
        receiver.url + "/a",
        "participation.approved",
        "participation.completed",
        "hours.rejected",
    )
    other = CompanyFactory()
    cycle.other_hook = subscribe(
        other,
        member(Role.COMPANY_REFERENT, other),
        receiver.url + "/other",
        *services.SUBSCRIBABLE,
    )
    return cycle


def test_an_approval_goes_to_both_organisations(
    cycle, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participation = cycle.participation("approved", hours="20")
    assert sorted(call.path for call in receiver.calls) == ["/hooks/a", "/hooks/c"]
    for call in receiver.calls:
        assert call.headers["X-Metis-Event"] == "participation.approved"
        data = call.json["data"]
        assert data["participation_id"] == participation.pk
        assert data["company_id"] == cycle.company.pk
        assert data["association_id"] == cycle.association.pk
        assert data["volunteer_id"] == cycle.employee.pk
        assert data["planned_hours"] == "20.00"
        assert data["planned_starts_on"] == cycle.programme.starts_on.isoformat()
        assert data["approved_at"]
        assert b"@" not in call.body  # people only by their id
    assert not cycle.other_hook.deliveries.exists()
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 2


def test_hours_validated_and_rejected_to_the_kinds_chosen(
    cycle, receiver, django_capture_on_commit_callbacks
):
    p = cycle.participation("active", hours="30")
    receiver.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kept = time_entry_services.time_entry_declare(
            participation=p, by=cycle.employee, date=day(2), hours="3.5", description="Bilan"
        )
        time_entry_services.time_entry_validate(entry=kept, by=cycle.manager)
        refused = time_entry_services.time_entry_declare(
            participation=p, by=cycle.employee, date=day(1), hours="2", description="Bilan"
        )
        time_entry_services.time_entry_reject(entry=refused, by=cycle.manager, reason="wrong_hours")
    validated, rejected = receiver.of_kind("hours.validated"), receiver.of_kind("hours.rejected")
    assert [call.path for call in validated] == ["/hooks/c"]
    assert [call.path for call in rejected] == ["/hooks/a"]
    assert validated[0].json["data"]["time_entry_id"] == kept.pk
    assert validated[0].json["data"]["hours"] == "3.50"
    assert validated[0].json["data"]["date"] == day(2).isoformat()
    assert rejected[0].json["data"]["rejection_reason"] == "wrong_hours"
    assert not cycle.other_hook.deliveries.exists()


def test_a_completed_mission(cycle, receiver, django_capture_on_commit_callbacks):
    p = cycle.participation("active", hours="30")
    with django_capture_on_commit_callbacks(execute=True):
        need_services.need_complete(need=cycle.need, by=cycle.manager)
    [call] = receiver.of_kind("participation.completed")
    assert call.path == "/hooks/a" and call.json["data"]["participation_id"] == p.pk
    assert call.json["data"]["completed_at"]


def test_receipts_issued_and_cancelled(receiver, django_capture_on_commit_callbacks):
    cycle = valued_cycle()
    hook = subscribe(
        cycle.company, cycle.referent, receiver.url, "receipt.issued", "receipt.cancelled"
    )
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receipt_services.receipt_issue(
            association=cycle.association,
            company=cycle.company,
            period_start=day(30),
            period_end=day(0),
            by=cycle.manager,
        )
    [issued] = receiver.calls
    assert issued.headers["X-Metis-Event"] == "receipt.issued"
    data = issued.json["data"]
    assert data["receipt_id"] == receipt.pk and data["number"] == receipt.number
    assert data["hours"] == "8.00" and data["amount"] == str(receipt.amount)
    assert (data["company_id"], data["association_id"]) == (cycle.company.pk, cycle.association.pk)
    with django_capture_on_commit_callbacks(execute=True):
        receipt_services.receipt_cancel(receipt=receipt, by=cycle.manager, reason="Erreur")
    assert [c.headers["X-Metis-Event"] for c in receiver.calls] == [
        "receipt.issued",
        "receipt.cancelled",
    ]
    assert receiver.calls[1].json["data"]["cancelled_at"]
    assert hook.deliveries.count() == 2


def test_nothing_when_the_transaction_rolls_back(
    cycle, receiver, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        cycle.participation("approved")
        raise RuntimeError("the step fails after the approval")
    assert WebhookDelivery.objects.count() == 0
    assert receiver.calls == [] and callbacks == []


def test_a_deactivated_subscription_receives_nothing(
    cycle, receiver, django_capture_on_commit_callbacks
):
    services.subscription_update(
        subscription=cycle.company_hook,
        url=cycle.company_hook.url,
        event_kinds=cycle.company_hook.event_kinds,
        active=False,
        by=cycle.referent,
    )
    with django_capture_on_commit_callbacks(execute=True):
        cycle.participation("approved")
    assert [call.path for call in receiver.calls] == ["/hooks/a"]
