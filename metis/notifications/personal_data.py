"""Notices: the person's own are exported then deleted on erasure; other people's notices that
name them ("X a candidaté…") are reworded with the erased name (accounts.personal_data)."""

from datetime import timedelta

from django.db.models import Value
from django.db.models.functions import Replace

from metis.accounts.personal_data import ERASED_NAME, READ_NOTICE_DAYS, iso

from .models import Notification


def export(user) -> dict:
    return {
        "notices": [
            {
                "created_at": iso(n.created_at),
                "kind": n.kind,
                "message": n.message,
                "read_at": iso(n.read_at),
                "emailed_at": iso(n.emailed_at),
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ]
    }


def erase(user, former) -> None:
    Notification.objects.filter(user=user).delete()
    for form in former.forms:
        Notification.objects.filter(message__contains=form).update(
            message=Replace("message", Value(form), Value(ERASED_NAME))
        )


def purge(now) -> dict[str, int]:
    before = now - timedelta(days=READ_NOTICE_DAYS)
    deleted = Notification.objects.filter(read_at__lt=before).delete()[0]
    return {"read_notices": deleted}
