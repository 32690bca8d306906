"""Reads of the public catalogue: the needs matching a search, sorted and, around a commune,
within a distance; the needs a saved search finds among those published since a moment.

Sorts: by relevance when there is a search text (PostgreSQL: full-text rank, French
configuration, title weighted above description; elsewhere: the query's words found in the
title count twice those found in the description), the most recent first (by publication, the
default without text), or the end date soonest. The primary key breaks every tie.

Distances are measured between the communes' centres (metis/organisations/data/README.md): a
bounding box narrows the rows in SQL, the haversine distance is computed in SQL as well.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

from metis.accounts.models import VolunteerProfile
from metis.accounts.permissions import current_memberships

from .enums import NeedFormat
from .models import Need
from .search import query_terms, tokens

SORT_RELEVANCE = "pertinence"
SORT_RECENT = "recents"
SORT_ENDING = "fin"
SORTS = [
    (SORT_RELEVANCE, _("Relevance")),
    (SORT_RECENT, _("Most recent")),
    (SORT_ENDING, _("Ending soonest")),
]
DISTANCES_KM = (5, 10, 20, 50)
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2  # of latitude, and of longitude at the equator


@dataclass(frozen=True)
class Criteria:
    """What a person searches for; `around` is the commune distances are measured from."""

    text: str = ""
    skill: object = None
    format: str = ""
    commune: object = None  # the need's commune, exactly
    around: object = None
    distance_km: int | None = None
    starts_after: object = None
    ends_before: object = None
    max_hours: Decimal | None = None
    civic_days: bool = False
    sort: str = ""

    @property
    def effective_sort(self) -> str:
        if self.sort == SORT_RELEVANCE and not query_terms(self.text):
            return SORT_RECENT
        if self.sort in (SORT_RECENT, SORT_ENDING, SORT_RELEVANCE):
            return self.sort
        return SORT_RELEVANCE if query_terms(self.text) else SORT_RECENT


def person_commune(user):
    """Where distances start for a person: their volunteer profile's commune, else the commune
    of the organisation of their oldest current membership; None when unknown."""
    if not user.is_authenticated:
        return None
    profile = VolunteerProfile.objects.filter(user=user).select_related("commune").first()
    if profile is not None and profile.commune is not None:
        return profile.commune
    memberships = current_memberships(user)
    organisation = min(memberships, key=lambda m: m.pk).organisation if memberships else None
    return getattr(organisation, "commune", None)


def has_centre(commune) -> bool:
    return commune is not None and commune.latitude is not None and commune.longitude is not None


def catalogue_needs(criteria: Criteria, *, needs=None):
    """The visible needs matching `criteria`, sorted, each with `distance_km` (a float, or None
    when no centre is known) and `relevance`."""
    needs = Need.objects.visible_in_catalogue() if needs is None else needs
    needs = _filtered(needs, criteria)
    needs = _with_distance(needs, criteria)
    return _sorted(needs, criteria)


def with_distance(needs, around):
    """`needs` with `distance_km` from the centre of the commune `around` (None when unknown)."""
    return _with_distance(needs, Criteria(around=around))


def saved_search_new_needs(criteria: Criteria, *, since, until, limit: int):
    """At most `limit` needs matching a saved search published in (since, until]."""
    published = Need.objects.visible_in_catalogue().filter(
        published_at__gt=since, published_at__lte=until
    )
    return list(catalogue_needs(criteria, needs=published).select_related("commune")[:limit])


def _filtered(needs, c: Criteria):
    if query_terms(c.text):
        needs = needs.search(c.text)
    if c.skill is not None:
        matching = Need.objects.filter(Q(skills_required=c.skill) | Q(skills_welcome=c.skill))
        needs = needs.filter(pk__in=matching.values("pk"))
    if c.format:
        needs = needs.filter(format__in=[c.format, NeedFormat.BOTH])
    if c.commune is not None and c.distance_km is None:
        needs = needs.filter(commune=c.commune)
    if c.starts_after:
        needs = needs.filter(ends_on__gte=c.starts_after)
    if c.ends_before:
        needs = needs.filter(starts_on__lte=c.ends_before)
    if c.max_hours is not None:
        needs = needs.filter(estimated_hours__lte=c.max_hours)
    if c.civic_days:
        needs = needs.filter(open_to_civic_days=True)
    return needs


def _with_distance(needs, c: Criteria):
    if not has_centre(c.around):
        if c.distance_km is not None:
            return needs.none().annotate(distance_km=Value(None, output_field=FloatField()))
        return needs.annotate(distance_km=Value(None, output_field=FloatField()))
    lat, lon = float(c.around.latitude), float(c.around.longitude)
    if c.distance_km is not None:
        # A box a little larger than the circle, in degrees: cheap on an index, exact below.
        dlat = c.distance_km / KM_PER_DEGREE * 1.01
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        needs = needs.filter(
            commune__latitude__range=(_degrees(lat - dlat), _degrees(lat + dlat)),
            commune__longitude__range=(_degrees(lon - dlon), _degrees(lon + dlon)),
        )
    needs = needs.annotate(distance_km=_haversine_km(lat, lon))
    if c.distance_km is not None:
        needs = needs.filter(distance_km__lte=c.distance_km)
    return needs


def _degrees(value: float) -> Decimal:
    return Decimal(f"{value:.5f}")


def _haversine_km(lat: float, lon: float):
    lat1, lon1 = math.radians(lat), math.radians(lon)
    lat2 = Radians(Cast("commune__latitude", FloatField()))
    lon2 = Radians(Cast("commune__longitude", FloatField()))
    half_chord = Power(Sin((lat2 - Value(lat1)) / Value(2.0)), 2) + Value(math.cos(lat1)) * Cos(
        lat2
    ) * Power(Sin((lon2 - Value(lon1)) / Value(2.0)), 2)
    return Cast(Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord)), FloatField())


def _sorted(needs, c: Criteria):
    sort = c.effective_sort
    if sort == SORT_RELEVANCE:
        needs = needs.annotate(relevance=_relevance(needs, c.text))
        return needs.order_by(F("relevance").desc(), F("published_at").desc(nulls_last=True), "-pk")
    needs = needs.annotate(relevance=Value(0, output_field=IntegerField()))
    if sort == SORT_ENDING:
        return needs.order_by("ends_on", "pk")
    return needs.order_by(F("published_at").desc(nulls_last=True), "-pk")


def _relevance(needs, text: str):
    if connection.vendor == "postgresql":
        # The title (weight A) and description (B) as a tsvector, stored by PostgreSQL in the
        # generated column of migration needs 0007: ranking reads it instead of parsing every
        # matching need's text again.
        vector = RawSQL('"needs_need"."search_vector"', [], output_field=SearchVectorField())
        return SearchRank(vector, SearchQuery(text, config="french", search_type="websearch"))
    return _simple_score(needs, text)


def _simple_score(needs, text: str):
    """Each word of the query found in the title counts 2, in the description 1: computed here
    from the same stems as the search, then handed to SQL as a CASE on the primary keys."""
    terms = query_terms(text)
    by_score: dict[int, list[int]] = {}
    for pk, title, description in needs.values_list("pk", "title", "description"):
        in_title, in_description = set(tokens(title)), set(tokens(description))
        score = sum(2 * (t in in_title) + (t in in_description) for t in terms)
        by_score.setdefault(score, []).append(pk)
    whens = [When(pk__in=pks, then=Value(score)) for score, pks in by_score.items() if score]
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(0), output_field=IntegerField())
