"""An event from publication to attendance, through the services (docs/events.md): registering
with and without an account, the e-mailed confirmation, the reminder, a cancellation that
gives the place to the first in line, the export, attendance."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.core.mail import absolute_url
from metis.events.enums import EventStatus, RegistrationStatus
from metis.events.links import CANCEL, CONFIRM, registration_link_read, registration_token
from metis.events.models import Event, Registration
from metis.events.services.events import event_cancel, event_create, event_publish, event_update
from metis.events.services.registrations import (
    attendance_record,
    registration_cancel,
    registration_confirm,
    registration_for_user,
    registration_request,
)
from metis.events.services.reminders import event_reminders_send

from .factories import event_data, published_event


def _mails(mailoutbox, to):
    return [m for m in mailoutbox if m.to == [to]]


def _token_of(mail, purpose):
    path = reverse("events:confirm" if purpose == CONFIRM else "events:cancel_link", args=["X"])
    prefix, suffix = path.split("X")
    start = mail.body.index(prefix) + len(prefix)
    return mail.body[start : mail.body.index(suffix, start)]


def test_the_whole_life_of_an_event(world, client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = event_create(organiser=world.sceaux, data=event_data(capacity=2), by=world.officer)
        assert draft.status == EventStatus.DRAFT
        assert draft.organiser == world.sceaux and draft.territory == world.sceaux
        with pytest.raises(ValidationError):
            registration_for_user(event=draft, user=world.person)
        event = event_publish(event=draft, by=world.officer)
        assert event.status == EventStatus.PUBLISHED and event.published_at

        # With an account: one click, a place and its e-mail with the calendar link.
        alice = registration_for_user(event=event, user=world.person)
    assert alice.status == RegistrationStatus.CONFIRMED
    (mail,) = _mails(mailoutbox, world.person.email)
    assert "place est réservée" in mail.subject
    assert absolute_url(reverse("events:ical_event", args=[event.pk])) in mail.body

    # Without an account: no place until the e-mail is confirmed through its signed link.
    with django_capture_on_commit_callbacks(execute=True):
        visitor = registration_request(event=event, name="Chloé Durand", email="Chloe@Exemple.fr")
    assert visitor.status == RegistrationStatus.PENDING and visitor.email == "chloe@exemple.fr"
    (link_mail,) = _mails(mailoutbox, "chloe@exemple.fr")
    token = _token_of(link_mail, CONFIRM)
    assert registration_link_read(token, CONFIRM) == visitor
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(reverse("events:confirm", args=[token])).status_code == 200
        visitor.refresh_from_db()
        assert visitor.status == RegistrationStatus.PENDING  # opening the link registers no one
        client.post(reverse("events:confirm", args=[token]))
    visitor.refresh_from_db()
    assert visitor.status == RegistrationStatus.CONFIRMED
    assert registration_confirm(registration=visitor).status == RegistrationStatus.CONFIRMED
    place_mail = _mails(mailoutbox, "chloe@exemple.fr")[-1]
    cancel_token = _token_of(place_mail, CANCEL)

    # Full: the next one waits; one registration per e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        bruno = registration_for_user(event=event, user=world.other_person)
    assert bruno.status == RegistrationStatus.WAITING
    assert "liste d’attente" in _mails(mailoutbox, world.other_person.email)[-1].subject or (
        "liste d'attente" in _mails(mailoutbox, world.other_person.email)[-1].subject
    )
    with pytest.raises(ValidationError):
        registration_for_user(event=event, user=world.person)

    # The reminder the day before, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert event_reminders_send() == 0
        eve = event.starts_at - datetime.timedelta(hours=20)
        assert event_reminders_send(now=eve) == 2
        assert event_reminders_send(now=eve) == 0
    assert "Demain" in _mails(mailoutbox, world.person.email)[-1].subject

    # The visitor cancels through their link: Bruno, first in line, gets the place and an e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel_link", args=[cancel_token]))
    visitor.refresh_from_db()
    bruno.refresh_from_db()
    assert visitor.status == RegistrationStatus.CANCELLED
    assert bruno.status == RegistrationStatus.CONFIRMED
    assert "place est réservée" in _mails(mailoutbox, world.other_person.email)[-1].subject

    # The organiser exports the attendees.
    client.force_login(world.officer)
    response = client.get(reverse("events:export", args=[event.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {world.person.email, world.other_person.email}
    xlsx = client.get(reverse("events:export", args=[event.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")

    # After the start, attendance.
    with pytest.raises(ValidationError):
        attendance_record(event=event, present={alice.pk}, by=world.officer)
    after = event.starts_at + datetime.timedelta(minutes=30)
    assert attendance_record(event=event, present={alice.pk}, by=world.officer, now=after) == 1
    alice.refresh_from_db()
    bruno.refresh_from_db()
    assert (alice.attended, bruno.attended) == (True, False)


def test_a_visitor_link_altered_or_for_a_changed_registration_is_refused(world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    visitor = registration_request(event=event, name="Chloé", email="chloe@exemple.fr")
    token = registration_token(visitor, CONFIRM)
    with pytest.raises(ValidationError):
        registration_link_read(token[:-2] + "xx", CONFIRM)
    with pytest.raises(ValidationError):
        registration_link_read(token, CANCEL)  # another purpose's salt


def test_an_association_organises_its_own_events_only(world):
    event = event_create(organiser=world.association, data=event_data(), by=world.manager)
    assert event.organiser == world.association and event.territory == world.sceaux
    for intruder in (world.other_manager, world.officer):
        with pytest.raises(ValidationError):
            event_publish(event=event, by=intruder)
    with pytest.raises(ValidationError):
        event_create(organiser=world.association, data=event_data(), by=world.officer)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_a_partner_organises_events_listed_on_the_territory_it_serves(world):
    from metis.accounts.tests.factories import member
    from metis.ecosystem.tests.factories import make_partner

    partner = make_partner(world.sceaux, world.officer)
    staff = member(Role.PARTNER_STAFF, partner)
    event = event_create(organiser=partner, data=event_data(), by=staff)
    assert event.organiser == partner and event.territory == world.sceaux
    event_publish(event=event, by=staff)
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED
    with pytest.raises(ValidationError):
        event_create(organiser=partner, data=event_data(), by=world.manager)
    lonely = make_partner(world.sceaux, world.officer, name="Sans territoire")
    lonely.territories.clear()
    with pytest.raises(ValidationError) as refused:
        event_create(organiser=lonely, data=event_data(), by=member(Role.PARTNER_STAFF, lonely))
    assert refused.value.code == "no_territory"


def test_starting_states_are_checked(world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    with pytest.raises(ValidationError):
        event_publish(event=event, by=world.officer)
    registration_for_user(event=event, user=world.person)
    registration_for_user(event=event, user=world.other_person)
    with pytest.raises(ValidationError) as refused:
        event_update(event=event, data=event_data(capacity=1), by=world.officer)
    assert "capacity" in refused.value.error_dict
    event_cancel(event=event, by=world.officer)
    with pytest.raises(ValidationError):
        event_cancel(event=event, by=world.officer)
    with pytest.raises(ValidationError):
        event_update(event=event, data=event_data(), by=world.officer)
    past = event_data(
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=20),
    )
    with pytest.raises(ValidationError):
        event_publish(
            event=event_create(organiser=world.sceaux, data=past, by=world.officer),
            by=world.officer,
        )


def test_a_larger_capacity_gives_places_to_the_waiting_list(world):
    event = published_event(organiser=world.sceaux, by=world.officer, capacity=1)
    registration_for_user(event=event, user=world.person)
    waiting = registration_for_user(event=event, user=world.other_person)
    assert waiting.status == RegistrationStatus.WAITING
    event_update(event=event, data=event_data(capacity=3), by=world.officer)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_a_cancelled_registration_may_register_again(world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    registration = registration_for_user(event=event, user=world.person)
    registration_cancel(registration=registration)
    again = registration_for_user(event=event, user=world.person)
    assert again.pk == registration.pk and again.status == RegistrationStatus.CONFIRMED


def test_the_database_keeps_the_invariants(world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    registration_for_user(event=event, user=world.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, name="x", email=world.person.email, status=RegistrationStatus.PENDING
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(organiser_association=world.association)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(organiser_territory=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(address="", online_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(event=event).update(status=RegistrationStatus.WAITING)


def test_the_event_cancelled_tells_everyone(world, mailoutbox, django_capture_on_commit_callbacks):
    event = published_event(organiser=world.sceaux, by=world.officer, capacity=1)
    registration_for_user(event=event, user=world.person)
    registration_for_user(event=event, user=world.other_person)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, by=world.officer)
    told = {m.to[0] for m in mailoutbox if "annulé" in m.subject}
    assert told == {world.person.email, world.other_person.email}


def test_the_confirmation_link_is_not_sent_again_at_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    event = published_event(organiser=world.sceaux, by=world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(3):
            registration_request(event=event, name="Zoé", email="zoe@exemple.fr")
    assert len(_mails(mailoutbox, "zoe@exemple.fr")) == 1
    later = timezone.now() + datetime.timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        registration_request(event=event, name="Zoé", email="zoe@exemple.fr", now=later)
    assert len(_mails(mailoutbox, "zoe@exemple.fr")) == 2


def test_no_reminder_for_who_registered_within_the_last_day(world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    late = event.starts_at - datetime.timedelta(hours=5)
    registration_for_user(event=event, user=world.person, now=late)
    assert event_reminders_send(now=late + datetime.timedelta(minutes=1)) == 0
