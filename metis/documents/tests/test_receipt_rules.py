"""Receipts per docs/rules.md § 5: the person who issues signs, never a period in the future, each
time entry on one issued receipt only, cancellation (screen, effects, notices)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.models import Receipt, ReceiptCounter, ReceiptLine
from metis.documents.receipt_checks import receipt_covering, time_entries_receipted
from metis.documents.services import receipts as receipt_services
from metis.needs.models import TimeEntry
from metis.notifications.enums import NotificationKind
from metis.notifications.models import Notification
from metis.organisations.services import signatory_end

from .factories import day, pdf_text, record_signatory, squeeze, valued_cycle


@pytest.fixture
def cycle(db):
    return valued_cycle()


def issue(cycle, by=None, start=None, end=None):
    return receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=start or day(30),
        period_end=end or day(0),
        by=by or cycle.manager,
    )


def assert_nothing_written():
    assert not Receipt.objects.exists()
    assert not ReceiptLine.objects.exists()
    assert not ReceiptCounter.objects.filter(last__gt=0).exists()


def test_the_person_who_issues_signs_with_their_quality(cycle):
    treasurer = member(Role.ASSOCIATION_MANAGER, cycle.association)
    record_signatory(cycle.association, treasurer, quality="treasurer", name="Paul Durand")
    receipt = issue(cycle, by=treasurer)
    assert (receipt.signatory_name, receipt.signatory_title) == ("Paul Durand", "Trésorier(ère)")
    assert receipt.signatory.user == treasurer and receipt.issued_by == treasurer
    text = pdf_text(receipt.pdf)
    assert squeeze("Paul Durand, Trésorier(ère)") in text
    assert squeeze(cycle.association.legal_representative) not in text


def test_an_authorised_person_prints_the_authorisation(cycle):
    other = member(Role.ASSOCIATION_MANAGER, cycle.association)
    from metis.organisations.services import signatory_record

    signatory_record(
        association=cycle.association,
        user=other,
        full_name="Inès Moreau",
        quality="authorised",
        authorisation="délibération du bureau du 12/01/2026",
        by=cycle.manager,
    )
    receipt = issue(cycle, by=other)
    assert receipt.signatory_title == (
        "Personne habilitée par l’association (délibération du bureau du 12/01/2026)"
    )


def test_a_manager_not_recorded_as_signatory_cannot_issue(cycle):
    other = member(Role.ASSOCIATION_MANAGER, cycle.association)
    with pytest.raises(ValidationError) as error:
        issue(cycle, by=other)
    assert error.value.code == "not_a_signatory"
    assert error.value.messages == [str(receipt_services.NOT_A_SIGNATORY)]
    assert_nothing_written()


def test_a_removed_signatory_cannot_issue(cycle):
    signatory_end(signatory=cycle.signatory, by=cycle.manager)
    with pytest.raises(ValidationError) as error:
        issue(cycle)
    assert error.value.code == "not_a_signatory"
    assert_nothing_written()


def test_a_period_ending_in_the_future_is_refused(cycle):
    with pytest.raises(ValidationError) as error:
        issue(cycle, end=day(-1))
    assert error.value.code == "future"
    assert "aujourd’hui" in error.value.messages[0] or "today" in error.value.messages[0]
    assert_nothing_written()


def test_one_line_per_time_entry_and_the_database_refuses_a_second_active_one(cycle):
    receipt = issue(cycle)
    entries = TimeEntry.objects.validated()
    assert receipt.lines.count() == entries.count() == 2
    assert set(time_entries_receipted(entries)) == set(entries)
    entry = entries.first()
    assert receipt_covering(entry) == receipt
    line = receipt.lines.get(time_entry=entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceiptLine.objects.create(
            receipt=receipt,
            time_entry=entry,
            employee_name=line.employee_name,
            date=line.date,
            hours=line.hours,
            hourly_cost=line.hourly_cost,
            value=line.value,
        )


def test_cancelling_frees_the_hours_and_notifies_everyone_concerned(cycle):
    receipt = issue(cycle)
    other_manager = member(Role.ASSOCIATION_MANAGER, cycle.association)
    receipt_services.receipt_cancel(receipt=receipt, by=cycle.manager, reason="Erreur")
    assert not time_entries_receipted(TimeEntry.objects.all()).exists()
    assert not receipt.lines.filter(active=True).exists()
    notified = set(
        Notification.objects.filter(kind=NotificationKind.RECEIPT_CANCELLED).values_list(
            "user", flat=True
        )
    )
    assert notified == {cycle.referent.pk, cycle.employee.pk, other_manager.pk}
    # The hours can be receipted again, by a replacement.
    replacement = receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=receipt.period_start,
        period_end=receipt.period_end,
        by=cycle.manager,
        replaces=receipt,
    )
    assert replacement.lines.filter(active=True).count() == 2


def test_cancellation_goes_through_a_confirmation_screen(client, cycle):
    receipt = issue(cycle)
    client.force_login(cycle.manager)
    url = reverse("documents:receipt_cancel", args=[receipt.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("what-happens", receipt.number, cycle.employee.get_full_name()):
        assert text in html
    receipt.refresh_from_db()
    assert receipt.status == "issued"  # showing the screen changes nothing
    response = client.post(url, {"reason": "Période erronée"})
    assert response.status_code == 302
    receipt.refresh_from_db()
    assert receipt.status == "cancelled" and receipt.cancellation_reason == "Période erronée"


def test_cancellation_without_reason_writes_nothing(client, cycle):
    receipt = issue(cycle)
    client.force_login(cycle.manager)
    client.post(reverse("documents:receipt_cancel", args=[receipt.pk]), {"reason": " "})
    receipt.refresh_from_db()
    assert receipt.status == "issued" and receipt.lines.filter(active=True).count() == 2
    assert not Notification.objects.filter(kind=NotificationKind.RECEIPT_CANCELLED).exists()


def test_the_company_referent_cannot_cancel(client, cycle):
    receipt = issue(cycle)
    client.force_login(cycle.referent)
    url = reverse("documents:receipt_cancel", args=[receipt.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    receipt.refresh_from_db()
    assert receipt.status == "issued"


def test_the_receipts_page_tells_a_manager_whether_they_sign(client, cycle):
    url = reverse("documents:association_receipts", args=[cycle.association.pk])
    client.force_login(cycle.manager)
    assert "Claire Martin" in client.get(url).content.decode()
    other = member(Role.ASSOCIATION_MANAGER, cycle.association)
    client.force_login(other)
    html = client.get(url).content.decode()
    assert reverse("organisations:signatories", args=[cycle.association.pk]) in html
    response = client.post(
        url,
        {"company": cycle.company.pk, "period_start": day(30), "period_end": day(0)},
        follow=True,
    )
    assert str(receipt_services.NOT_A_SIGNATORY) in response.content.decode()
    assert_nothing_written()


@pytest.mark.parametrize("activated", ["after_the_first_entry", "never"])
def test_hours_not_worked_under_accepted_documents_are_refused(cycle, activated):
    """Hours recorded before the documents were accepted (data from before the one-door
    activation: the declaration refuses such hours today). The activation is moved after the
    first entry (day 3), or removed: the receipt is refused, saying what is missing."""
    import datetime

    from django.utils import timezone

    from metis.needs.models import Participation

    when = (
        timezone.make_aware(datetime.datetime.combine(day(2), datetime.time(9)))
        if activated != "never"
        else None
    )
    Participation.objects.filter(pk=cycle.active.pk).update(activated_at=when)
    with pytest.raises(ValidationError) as error:
        issue(cycle)
    assert error.value.code == "documents"
    message = error.value.messages[0]
    assert cycle.employee.get_full_name() in message
    if when:
        assert "1 " in message and day(2).strftime("%d/%m/%Y") in message
    assert_nothing_written()
