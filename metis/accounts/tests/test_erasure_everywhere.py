"""Erasure reaches every place the platform keeps the person (RGPD art. 17), and the export
holds everything it keeps about them (art. 15 and 20)."""

import json
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from metis.accounts.personal_data import ERASED_NAME, ERASED_TEXT
from metis.documents.models import AgreementVersion, ContractAmendment
from metis.documents.services.agreements import agreement_version_pdf, amendment_pdf
from metis.documents.tests.factories import pdf_text, squeeze, valued_cycle
from metis.ledger.models import PostingLine
from metis.needs.models import Participation, TimeEntry
from metis.notifications.models import Notification
from metis.reporting.models import CalendarFeed
from metis.valuation.models import CostPrice


@pytest.fixture
def cycle(db):
    cycle = valued_cycle()
    employee = cycle.employee
    cycle.full_name = employee.get_full_name()
    cycle.email = employee.email
    for version in AgreementVersion.objects.all():
        agreement_version_pdf(version)
    for amendment in ContractAmendment.objects.all():
        amendment_pdf(amendment)
    AccessAttempt.objects.create(
        username=employee.email,
        ip_address="203.0.113.7",
        user_agent="x",
        attempt_time=timezone.now(),
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    CalendarFeed.objects.create(user=employee)
    Notification.objects.create(
        user=cycle.manager, kind="application_received", message=f"{cycle.full_name} : note"
    )
    return cycle


def _erase(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:erase"), {"confirm": "EFFACER"})
    assert response.status_code == 302


def test_export_holds_everything_the_platform_keeps(client, cycle):
    client.force_login(cycle.employee)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["email"] == cycle.email
    assert data["memberships"] and data["volunteer_profile"] is not None
    assert data["participations"][0]["message"] == "Bonjour"
    assert {h["description"] for h in data["hours"]} == {"Bilan"}
    assert data["hours"][0]["value"] is not None
    assert data["cost_prices"][0]["hourly_cost"] == "46.81"
    assert "notices" in data
    assert data["documents"]["loan_agreement_annexes"][0]["employee_name"] == cycle.full_name
    assert data["documents"]["contract_amendments"]


def test_erasure_removes_the_person_everywhere(client, cycle):
    employee = cycle.employee
    ledger_before = PostingLine.objects.aggregate(s=Sum("amount"))["s"]
    values_before = TimeEntry.objects.aggregate(v=Sum("value"))["v"]
    assert Notification.objects.filter(message__contains=cycle.full_name).exists()
    amendments = ContractAmendment.objects.filter(participation__volunteer=employee)
    assert any(squeeze(cycle.full_name) in pdf_text(a.pdf) for a in amendments)

    _erase(client, employee)

    # Other users' notices no longer name them; their own notices are gone.
    assert not Notification.objects.filter(message__contains=cycle.full_name).exists()
    assert Notification.objects.filter(message__contains=ERASED_NAME).exists()
    assert not Notification.objects.filter(user=employee).exists()
    # Free text: application messages (and their history), time-entry descriptions.
    participations = Participation.objects.filter(volunteer=employee)
    assert set(participations.values_list("message", flat=True)) == {""}
    assert not Participation.history.filter(volunteer=employee).exclude(message="").exists()
    entries = TimeEntry.objects.filter(participation__volunteer=employee)
    assert set(entries.values_list("description", flat=True)) == {ERASED_TEXT}
    # Cost prices, log-in attempts and the calendar address.
    assert not CostPrice.objects.filter(employee=employee).exists()
    assert not AccessAttempt.objects.filter(username=cycle.email).exists()
    assert not CalendarFeed.objects.filter(user=employee).exists()
    # Stored agreement texts no longer name them; amendment PDFs are made again, redacted.
    for version in AgreementVersion.objects.all():
        assert cycle.full_name not in version.html
    for amendment in ContractAmendment.objects.filter(participation__volunteer=employee):
        text = pdf_text(amendment.pdf)
        assert squeeze(cycle.full_name) not in text and squeeze(ERASED_NAME) in text
    # Totals stay whole.
    assert PostingLine.objects.aggregate(s=Sum("amount"))["s"] == ledger_before
    assert TimeEntry.objects.aggregate(v=Sum("value"))["v"] == values_before
    assert values_before > Decimal(0)


def test_erasure_leaves_other_people_alone(client, cycle):
    manager_notices = Notification.objects.filter(user=cycle.manager).count()
    _erase(client, cycle.employee)
    assert Notification.objects.filter(user=cycle.manager).count() == manager_notices
    assert (
        CostPrice.objects.count() == 0
        or not CostPrice.objects.filter(employee=cycle.employee).exists()
    )
    assert cycle.manager.emailaddress_set.exists()
