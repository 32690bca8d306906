"""Registrations hold people's names and e-mails (docs/events.md, "Personal data";
accounts.personal_data): exported with the person's data, pseudonymised on erasure, deleted a
year after their event ended."""

from datetime import timedelta

from django.db.models import Q

from metis.accounts.personal_data import ERASED_NAME, iso

from .models import Registration

RETENTION_DAYS = 365  # after the event's end


def _theirs(user, email):
    return Registration.objects.filter(Q(user=user) | Q(email=email.lower()))


def export(user) -> dict:
    rows = _theirs(user, user.email).select_related("event").order_by("created_at", "pk")
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "starts_at": iso(r.event.starts_at),
                "name": r.name,
                "email": r.email,
                "status": r.status,
                "attended": r.attended,
                "created_at": iso(r.created_at),
            }
            for r in rows
        ]
    }


def erase(user, former) -> None:
    for registration in _theirs(user, former.email):
        registration.name = ERASED_NAME
        registration.email = f"effacee-{registration.pk}@invalid.metis"
        registration.save(update_fields=["name", "email", "updated_at"])


def purge(now) -> dict[str, int]:
    before = now - timedelta(days=RETENTION_DAYS)
    deleted = Registration.objects.filter(event__ends_at__lt=before).delete()[0]
    return {"event_registrations": deleted}
