"""Writes of notifications: create notices, e-mail them at once (through the task queue) or in
the daily digest."""

import contextlib
import contextvars
import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metis.accounts.models import User
from metis.core.mail import absolute_url, email_queue
from metis.needs.digest import saved_searches_digested, saved_searches_news

from .models import Notification
from .tasks import send_notices

RESERVATION_USED_SHARE = Decimal("0.8")
RESERVATION_DAYS_LEFT = 7
SAVED_SEARCH_NEEDS = 5  # new needs listed per saved search in a digest


def _send(user, notices, searches=()) -> bool:
    """`searches`: [(saved search, its new needs)] for the digest."""
    if (not notices and not searches) or not user.email or not user.is_active:
        return False
    if not notices:
        subject = _("METIS — new needs for your saved searches")
    elif len(notices) == 1 and not searches:
        subject = f"METIS — {notices[0].get_kind_display()}"
    else:
        subject = _("METIS — %(count)s notices") % {"count": len(notices)}
    body = render_to_string(
        "notifications/email.txt",
        {
            "user": user,
            "notices": [(n, absolute_url(n.url)) for n in notices],
            "searches": [
                (search, [(need, absolute_url(need.get_absolute_url())) for need in needs])
                for search, needs in searches
            ],
        },
    )
    email_queue(to=user.email, subject=subject, body=body)
    return True


_suspended = contextvars.ContextVar("notification_emails_suspended", default=False)


@contextlib.contextmanager
def emails_suspended():
    """In-app notices only, e-mails left for the digest (e.g. while a demo is replayed)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def notices_email_now(notice_ids) -> int:
    """E-mail each of these notices not e-mailed yet (run by the task
    notifications.tasks.send_notices): how many e-mails were queued."""
    notices = list(
        Notification.objects.filter(pk__in=notice_ids, emailed_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for notice in notices:
        if _send(notice.user, [notice]):
            Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def notify(*, users, kind: str, message: str, url: str = "", key: str | None = None) -> list:
    """An in-app notice for each user; e-mailed right after commit to those who chose
    immediate e-mails (`email_digest=False`), kept for the daily digest for the others.
    With a `key`, a user who already got that notice gets nothing (idempotent)."""
    users = [u for u in {u.pk: u for u in users if u is not None}.values() if u.is_active]
    if key:
        already = set(
            Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
    notices = Notification.objects.bulk_create(
        [
            Notification(user=u, kind=kind, message=str(message)[:500], url=url, key=key)
            for u in users
        ]
    )
    immediate = [n.pk for n, u in zip(notices, users, strict=True) if not u.email_digest]
    if immediate and not _suspended.get():
        # The e-mails are written by the worker, after commit: not in the request.
        language = translation.get_language()
        transaction.on_commit(lambda: send_notices.enqueue(notice_ids=immediate, language=language))
    return notices


def notification_mark_read(*, user, notification_id=None) -> int:
    notices = Notification.objects.for_user(user)
    if notification_id is not None:
        notices = notices.filter(pk=notification_id)
    return notices.mark_read()


def user_set_email_digest(*, user, email_digest: bool) -> None:
    User.objects.filter(pk=user.pk).update(email_digest=email_digest)
    user.email_digest = email_digest


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per person with notices not e-mailed yet and, for each of their saved
    searches, the needs published since the last digest that match it (at most
    SAVED_SEARCH_NEEDS each); marks both done. Running it twice sends nothing more. Returns
    the number of e-mails sent."""
    now = now or timezone.now()
    sent = 0
    user_ids = set(
        Notification.objects.not_emailed().values_list("user_id", flat=True).distinct().order_by()
    )
    news = saved_searches_news(until=now, limit=SAVED_SEARCH_NEEDS)
    for user in User.objects.filter(pk__in=user_ids | set(news)).order_by("pk"):
        with transaction.atomic():
            notices = list(
                Notification.objects.select_for_update()
                .filter(user=user, emailed_at__isnull=True)
                .order_by("created_at", "pk")
            )
            searches = news.get(user.pk, [])
            if not notices and not searches:
                continue
            if _send(user, notices, searches):
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                emailed_at=timezone.now()
            )
            saved_searches_digested(owner=user, at=now)
    saved_searches_digested(at=now)  # the searches that found nothing new
    return sent


def reservations_running_out_notify(*, today: datetime.date | None = None) -> int:
    """Active participations whose counted hours reach 80 % of the reservation, or whose planned
    end is within 7 days: the volunteer and the association's managers are told once."""
    from metis.needs.enums import ParticipationStatus, TimeEntryStatus
    from metis.needs.models import Participation

    from . import events

    today = today or timezone.localdate()
    participations = (
        Participation.objects.filter(status=ParticipationStatus.ACTIVE, reserved_hours__gt=0)
        .annotate(
            counted=Sum(
                "time_entries__hours",
                filter=Q(
                    time_entries__status__in=[TimeEntryStatus.DECLARED, TimeEntryStatus.VALIDATED]
                ),
                default=Decimal(0),
            )
        )
        .filter(
            Q(
                counted__gte=ExpressionWrapper(
                    F("reserved_hours") * RESERVATION_USED_SHARE, output_field=DecimalField()
                )
            )
            | Q(
                planned_ends_on__gte=today,
                planned_ends_on__lte=today + datetime.timedelta(days=RESERVATION_DAYS_LEFT),
            )
        )
        .select_related("need__association", "volunteer")
    )
    count = 0
    for participation in participations:
        if events.reservation_running_out(participation):
            count += 1
    return count
