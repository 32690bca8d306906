"""The catalogue's results kept in the cache: the catalogue is the most read page, and most of
its requests repeat a browse or a search already made (docs/scaling.md, "At 10 %, after the
seed's VACUUM, the catalogue's results kept rendered and the validation's savepoints", and "The
catalogue's ranking shared by every commune").

Two things are kept, under keys made of the needs' generation (a token replaced whenever a
need, its skills or its association is saved or deleted: the receivers below, connected by the
app, so that a change shows at once) and of the day (a need leaves the catalogue the day after
its end date):
- the ranking (`KeptRanking`): the number of needs found and each page's ids, per query
  string. It is the costly part of a search (every matching need counted and ranked), and it is
  the same for everybody unless the search keeps the needs within a distance of the person's
  commune; then the commune is part of its key;
- the rendered results (`rendered_results`), per language, commune distances are measured from
  (the person's, shown on the cards) and query string. A person of another commune renders
  them from the kept ranking: the page's twenty needs read by id.

Both are kept ten minutes at most: a change the receivers do not see (a skill's label, edited by
the operator) shows within that time. `QuerySet.update()` sends no signal: the one such write of
a need (it goes in progress) changes nothing the catalogue shows."""

import hashlib
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from .catalogue import Criteria, catalogue_needs, with_distance
from .models import Need

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


def _kept(parts, compute):
    """`compute()`'s value kept under `parts`, for this generation and day."""
    parts = (generation(), timezone.localdate().isoformat(), *map(str, parts))
    key = "needs:catalogue:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SECONDS)
    return value


def _query(request) -> str:
    return urlencode(sorted((k, v) for k, v in request.GET.lists() if k != "page"), doseq=True)


def rendered_results(request, around, render) -> str:
    """The results of the catalogue's `request` (searching `around` a commune or None): kept
    ones, else `render()`'s, then kept."""
    page = request.GET.get("page", "")
    return _kept(
        ("html", translation.get_language(), getattr(around, "pk", ""), _query(request), page),
        render,
    )


class KeptRanking:
    """The needs found by the catalogue's `request`, in order, for a paginator: the count and
    each page's ids are kept; a page's needs are then read by id, each with its distance from
    `criteria.around`."""

    def __init__(self, request, criteria: Criteria):
        self.criteria = criteria
        within = criteria.distance_km is not None
        self.parts = (_query(request), getattr(criteria.around, "pk", "") if within else "")

    def count(self) -> int:
        return _kept(("count", *self.parts), lambda: catalogue_needs(self.criteria).count())

    def __getitem__(self, page: slice) -> list:
        ids = _kept(
            ("ids", page.start, page.stop, *self.parts),
            lambda: list(catalogue_needs(self.criteria).values_list("pk", flat=True)[page]),
        )
        needs = Need.objects.filter(pk__in=ids).defer("search_text")
        needs = with_distance(needs, self.criteria.around).prefetch_related(
            "association", "commune", "skills_required"
        )
        by_pk = {need.pk: need for need in needs}
        return [by_pk[pk] for pk in ids if pk in by_pk]


def connect() -> None:
    from metis.organisations.models import Association

    for model in (Need, Association):
        post_save.connect(needs_changed, sender=model, dispatch_uid=f"catalogue-{model.__name__}")
        post_delete.connect(
            needs_changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
    for through in (Need.skills_required.through, Need.skills_welcome.through):
        m2m_changed.connect(needs_changed, sender=through, dispatch_uid=f"catalogue-{through}")
