"""The catalogue's results (the count, the page's cards and the links to the other pages), kept
rendered in the cache: the catalogue is the most read page, and most of its requests repeat a
browse or a search already made (docs/scaling.md, "At 10 %, after the seed's VACUUM, the
catalogue's results kept rendered and the validation's savepoints").

A page of results is kept under a key made of:
- the needs' generation, a token replaced whenever a need, its skills or its association is
  saved or deleted (the receivers below, connected by the app), so that a change shows at once;
- the day: a need leaves the catalogue the day after its end date;
- the language, the commune distances are measured from (the person's), and the query string.

It is kept ten minutes at most: a change the receivers do not see (a skill's label, edited by
the operator) shows within that time. `QuerySet.update()` sends no signal: the one such write of
a need (it goes in progress) changes nothing the catalogue shows."""

import hashlib
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

GENERATION_KEY = "needs:catalogue:generation"
SECONDS = 600


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def _renew() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def needs_changed(**kwargs) -> None:
    """A new generation at once (the writing request's own reads), and again after the commit:
    a page another request renders meanwhile, from the data before the commit, is not reused."""
    _renew()
    transaction.on_commit(_renew)


def rendered_results(request, around, render) -> str:
    """The results of the catalogue's `request` (searching `around` a commune or None): kept
    ones, else `render()`'s, then kept."""
    parts = (
        generation(),
        timezone.localdate().isoformat(),
        translation.get_language(),
        str(getattr(around, "pk", "")),
        urlencode(sorted(request.GET.lists()), doseq=True),
    )
    key = "needs:catalogue:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, SECONDS)
    return html


def connect() -> None:
    from metis.organisations.models import Association

    from .models import Need

    for model in (Need, Association):
        post_save.connect(needs_changed, sender=model, dispatch_uid=f"catalogue-{model.__name__}")
        post_delete.connect(
            needs_changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
    for through in (Need.skills_required.through, Need.skills_welcome.through):
        m2m_changed.connect(needs_changed, sender=through, dispatch_uid=f"catalogue-{through}")
