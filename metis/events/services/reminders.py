"""The reminder the day before (docs/events.md): every person with a place at a published event
starting within the next 24 hours gets one e-mail, once (`reminded_at`); those who registered
within those 24 hours just had their confirmation and get none. Run by the task
workers' housekeeping at each heartbeat and by `manage.py send_event_reminders` (cron);
idempotent."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..enums import EventStatus, RegistrationStatus
from ..mails import reminder_send
from ..models import Registration

AHEAD = datetime.timedelta(hours=24)


def event_reminders_send(*, now=None) -> int:
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + AHEAD,
        confirmed_at__lte=F("event__starts_at") - AHEAD,
    ).select_related("event", "event__commune")
    sent = 0
    with transaction.atomic():
        for registration in due.select_for_update(of=("self",)):
            reminder_send(registration)
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at", "updated_at"])
            sent += 1
    return sent
