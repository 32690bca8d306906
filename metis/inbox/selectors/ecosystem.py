"""The inboxes of a partner's staff and of the mayor or an elected member with delegation
(docs/ecosystem.md): charters to sign, support requests to answer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.ecosystem.selectors import charters_to_sign, open_requests_of

from ..items import Step, Task, onboarding, waiting


def _to_sign(user):
    count = charters_to_sign(user).count()
    return Task(
        "charters_to_sign",
        ngettext("Charter to sign", "Charters to sign", count),
        count,
        reverse("ecosystem:home"),
    )


def partner_inbox(user, partner) -> dict:
    requests = open_requests_of(user).filter(partner=partner).count()
    tasks = [
        _to_sign(user),
        Task(
            "support_requests",
            ngettext("Support request to answer", "Support requests to answer", requests),
            requests,
            reverse("ecosystem:partner_detail", args=[partner.pk]),
        ),
    ]
    steps = [
        Step(
            "offers",
            _("Describe what your organisation offers"),
            partner.offers.exists(),
            reverse("ecosystem:offer_create", args=[partner.pk]),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": onboarding(steps)}


def elected_inbox(user, territory) -> dict:
    return {"tasks": waiting([_to_sign(user)]), "onboarding": []}
