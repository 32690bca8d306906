"""Operator staff's inbox."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from metis.needs.models import Need

from ..items import Task, waiting
from .territory import finished_runs, organisations_to_activate


def inbox(user, operator) -> dict:
    pending = organisations_to_activate(user)
    since = timezone.now() - datetime.timedelta(days=7)
    new_needs = Need.objects.published().filter(published_at__gte=since).count()
    runs = finished_runs(territory__operator=operator).count()
    tasks = [
        Task(
            "activate",
            ngettext("Organisation to activate", "Organisations to activate", pending),
            pending,
            reverse("organisations:pending"),
        ),
        Task(
            "moderation",
            ngettext(
                "Need published in the last 7 days to review",
                "Needs published in the last 7 days to review",
                new_needs,
            ),
            new_needs,
            reverse("needs:moderation"),
        ),
        Task(
            "runs",
            ngettext("Allocation run finished, to send", "Allocation runs finished, to send", runs),
            runs,
            reverse("allocations:operator_runs"),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": []}
