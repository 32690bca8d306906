import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from metis.needs.enums import RefusalReason, RejectionReason
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import documents_accepted, make_cycle, morning_of, today
from metis.notifications.enums import NotificationKind as K
from metis.notifications.models import Notification
from metis.notifications.services import (
    notify,
    reservations_running_out_notify,
    send_digests,
)


@pytest.fixture
def cycle(db):
    return make_cycle()


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_every_step_tells_who_must_act(cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = cycle.participation("applied")
    assert kinds(cycle.manager) == [K.APPLICATION_RECEIVED]
    assert [m.to for m in mail.outbox] == [[cycle.manager.email]]

    with django_capture_on_commit_callbacks(execute=True):
        p = participation_services.participation_accept(participation=p, by=cycle.manager)
    assert K.APPROVAL_NEEDED in kinds(cycle.referent)
    assert K.APPLICATION_ACCEPTED in kinds(cycle.employee)

    with django_capture_on_commit_callbacks(execute=True):
        p = participation_services.participation_approve(
            participation=p,
            by=cycle.referent,
            planned_hours=Decimal("2"),
            starts_on=cycle.programme.starts_on,
            ends_on=cycle.programme.ends_on,
            now=morning_of(cycle.programme.starts_on),
        )
    assert K.PARTICIPATION_APPROVED in kinds(cycle.employee)
    # Every person whose acceptance of the documents is awaited is told.
    assert K.ACCEPTANCE_AWAITED in kinds(cycle.employee)  # the amendment
    assert K.ACCEPTANCE_AWAITED in kinds(cycle.referent)  # agreement, annex, amendment
    assert K.ACCEPTANCE_AWAITED in kinds(cycle.manager)  # agreement, annex
    with django_capture_on_commit_callbacks(execute=True):
        p = documents_accepted(
            p,
            company_by=cycle.referent,
            association_by=cycle.manager,
            now=morning_of(cycle.programme.starts_on),
        )
    day = today() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        entry = time_entry_services.time_entry_declare(
            participation=p, by=cycle.employee, date=day, hours="2", description="Revue"
        )
    assert K.HOURS_TO_VALIDATE in kinds(cycle.manager)
    with django_capture_on_commit_callbacks(execute=True):
        extra_hours_services.extra_hours_request(
            participation=p, by=cycle.employee, hours="1", reason="La revue est plus longue."
        )
    assert K.EXTRA_HOURS_REQUESTED in kinds(cycle.referent)
    with django_capture_on_commit_callbacks(execute=True):
        time_entry_services.time_entry_reject(
            entry=entry, by=cycle.manager, reason=RejectionReason.WRONG_HOURS
        )
    assert K.HOURS_REJECTED in kinds(cycle.employee)
    # every immediate notice was e-mailed once
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert len(mail.outbox) == Notification.objects.count()


def test_refusal_tells_the_volunteer(cycle):
    p = cycle.participation("applied")
    participation_services.participation_refuse(
        participation=p, by=cycle.manager, reason=RefusalReason.NEED_FILLED
    )
    assert K.PARTICIPATION_REFUSED in kinds(cycle.employee)


def test_digest_users_get_one_email_and_digest_is_idempotent(
    cycle, django_capture_on_commit_callbacks
):
    cycle.manager.email_digest = True
    cycle.manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[cycle.manager], kind=K.HOURS_TO_VALIDATE, message="a", url="/x/")
        notify(users=[cycle.manager], kind=K.HOURS_TO_VALIDATE, message="b", url="/y/")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # queued, sent by the task
        assert send_digests() == 1
    assert len(mail.outbox) == 1
    assert "a" in mail.outbox[0].body and "http://127.0.0.1:8000/x/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0
        call_command("send_digests")
    assert len(mail.outbox) == 1


def test_reservation_running_out_is_told_once(cycle):
    p = cycle.participation("active", hours="3")
    time_entry_services.time_entry_declare(
        participation=p,
        by=cycle.employee,
        date=today() - datetime.timedelta(days=1),
        hours="2.5",
        description="Revue",
    )
    assert reservations_running_out_notify() == 1
    assert reservations_running_out_notify() == 0
    assert K.RESERVATION_RUNNING_OUT in kinds(cycle.employee)
    assert K.RESERVATION_RUNNING_OUT in kinds(cycle.manager)


def test_notices_page_mark_read_and_preference(cycle, client):
    notify(users=[cycle.employee], kind=K.HOURS_REJECTED, message="Refusées", url="/")
    client.force_login(cycle.employee)
    page = client.get(reverse("notifications:notices"))
    assert page.status_code == 200 and "Refusées" in page.text
    assert "badge" in page.text
    notice = Notification.objects.get(user=cycle.employee)
    client.post(reverse("notifications:mark_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.post(reverse("notifications:preferences"), {"email_digest": "1"})
    cycle.employee.refresh_from_db()
    assert cycle.employee.email_digest is True


def test_others_notices_cannot_be_marked(cycle, client):
    notify(users=[cycle.manager], kind=K.HOURS_TO_VALIDATE, message="x", url="/")
    client.force_login(cycle.employee)
    notice = Notification.objects.get(user=cycle.manager)
    client.post(reverse("notifications:mark_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is None


def test_emails_suspended_keeps_notices_for_the_digest(cycle, django_capture_on_commit_callbacks):
    from metis.notifications.services import emails_suspended

    with django_capture_on_commit_callbacks(execute=True), emails_suspended():
        notify(users=[cycle.manager], kind=K.HOURS_TO_VALIDATE, message="a", url="/x/")
    assert mail.outbox == []
    assert send_digests() == 1


def test_immediate_emails_are_written_by_the_task_in_the_requests_language(
    cycle, django_capture_on_commit_callbacks
):
    """The request only records the notice; after its commit the task writes and queues the
    e-mail, in the language the person who acted was using, and marks the notice e-mailed."""
    from django.utils import translation

    cycle.manager.email_digest = False
    cycle.manager.save()
    for language, subject in (
        ("fr", "METIS — Heures à valider"),
        ("en", "METIS — Hours to validate"),
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks() as callbacks, translation.override(language):
            (notice,) = notify(users=[cycle.manager], kind=K.HOURS_TO_VALIDATE, message="m")
        notice.refresh_from_db()
        assert notice.emailed_at is None and mail.outbox == []
        for callback in callbacks:
            with django_capture_on_commit_callbacks(execute=True):
                callback()
        notice.refresh_from_db()
        assert notice.emailed_at is not None
        assert [m.subject for m in mail.outbox] == [subject]
