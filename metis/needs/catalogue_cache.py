"""The catalogue's results kept in the cache: the catalogue is the most read page, and most of
its requests repeat a browse or a search already made (docs/scaling.md, "At 10 %, after the
seed's VACUUM, the catalogue's results kept rendered and the validation's savepoints", and "The
catalogue's results shared by every commune").

Two things are kept, under keys made of the needs' generation (a token replaced whenever a
need, its skills or its association is saved or deleted: the receivers below, connected by the
app, so that a change shows at once) and of the day (a need leaves the catalogue the day after
its end date):
- the ranking (`KeptRanking`): the number of needs found and each page's ids, per query string.
  It is the costly part of a search (every matching need counted and ranked);
- the rendered results, per language and query string, the page's cards with a mark where each
  card's distance goes. The distances are then measured from the person's commune (one query
  on the page's needs) and written in place of the marks.
Both are the same for everybody, unless the search keeps the needs within a distance of the
person's commune: then the commune is part of their keys.

Both are kept ten minutes at most: a change the receivers do not see (a skill's label, edited by
the operator) shows within that time. `QuerySet.update()` sends no signal: the one such write of
a need (it goes in progress) changes nothing the catalogue shows."""

import hashlib
import re
import uuid
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .catalogue import Criteria, catalogue_needs, has_centre, with_distance
from .models import Need
from .templatetags.need_cards import DISTANCE_MARK, distance_text

GENERATION_KEY = "needs:catalogue:generation"
SECONDS = 600
DISTANCE = re.compile(DISTANCE_MARK.replace("%d", r"(\d+)"))


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


def rendered_results(request, criteria: Criteria, render) -> str:
    """The results of the catalogue's `request`: kept ones, else `render(ranking)`'s, then
    kept; with each card's distance from the commune `criteria.around`."""
    ranking = KeptRanking(request, criteria)
    html = _kept(
        ("html", translation.get_language(), *ranking.parts, request.GET.get("page", "")),
        lambda: render(ranking),
    )
    return _with_distances(html, criteria.around)


def _with_distances(html: str, around) -> str:
    ids = [int(pk) for pk in DISTANCE.findall(html)]
    distances = {}
    if ids and has_centre(around):
        needs = with_distance(Need.objects.filter(pk__in=ids), around)
        distances = dict(needs.values_list("pk", "distance_km"))
    # The kept HTML is the template's, each distance's text escaped in its place.
    return mark_safe(
        DISTANCE.sub(lambda mark: escape(distance_text(distances.get(int(mark[1])))), html)
    )


class KeptRanking:
    """The needs found by the catalogue's `request`, in order, for a paginator: the count and
    each page's ids are kept, then the page's needs read by id."""

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
        needs = needs.prefetch_related("association", "commune", "skills_required")
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
