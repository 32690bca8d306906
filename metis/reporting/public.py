"""Public figures (docs/evaluation.md, "Public face"): per territory and per operator, the
hours given (validated hours of their territorial programmes, from the ledger's rolled-up
lines), the companies that signed a pledge and the associations with a voted subsidy, like
"10,000 hours, 40 companies". A fixed number of grouped queries whatever the number of
territories."""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Sum

from metis.ledger.enums import AccountKind
from metis.ledger.models import AccountMonth
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Territory
from metis.programmes.enums import PledgeStatus, ProgrammeKind, ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme

from .selectors.common import ZERO, _d

HOME_TERRITORIES = 24
CACHE_KEY = "reporting:operator-totals"
CACHE_SECONDS = 300

COUNTED_PLEDGES = [PledgeStatus.SIGNED, PledgeStatus.CLOSED]
COUNTED_SUBSIDIES = [SubsidyStatus.VOTED, SubsidyStatus.CLOSED]


def _hours_by(field, territory_ids=None):
    lines = AccountMonth.objects.filter(
        account__kind=AccountKind.DELIVERED, account__programme__territory__isnull=False
    )
    if territory_ids is not None:
        lines = lines.filter(account__programme__territory__in=territory_ids)
    rows = lines.values(field).annotate(total=Sum("amount")).order_by()
    return {row[field]: _d(row["total"]) for row in rows}


def _count_by(model, statuses, field, distinct, territory_ids=None):
    rows = model.objects.filter(status__in=statuses, programme__territory__isnull=False)
    if territory_ids is not None:
        rows = rows.filter(programme__territory__in=territory_ids)
    rows = rows.values(field).annotate(n=Count(distinct, distinct=True)).order_by()
    return {row[field]: row["n"] for row in rows}


def _totals(prefix, territory_ids=None):
    hours = _hours_by(f"account__programme__territory{prefix}", territory_ids)
    companies = _count_by(
        Pledge, COUNTED_PLEDGES, f"programme__territory{prefix}", "company", territory_ids
    )
    associations = _count_by(
        MixedSubsidy,
        COUNTED_SUBSIDIES,
        f"programme__territory{prefix}",
        "association",
        territory_ids,
    )
    keys = set(hours) | set(companies) | set(associations)
    return {
        key: {
            "hours": hours.get(key, ZERO),
            "companies": companies.get(key, 0),
            "associations": associations.get(key, 0),
        }
        for key in keys
    }


def operator_totals() -> list[dict]:
    """Every operator with something to show, biggest first (cached a few minutes: the home
    page shows it to everyone)."""
    return cache.get_or_set(CACHE_KEY, _operator_totals, CACHE_SECONDS)


def _operator_totals() -> list[dict]:
    totals = _totals("__operator")
    names = dict(
        Territory.objects.filter(operator_id__in=totals)
        .values_list("operator_id", "operator__name")
        .distinct()
    )
    rows = [{"operator": names.get(pk, ""), **figures} for pk, figures in totals.items()]
    return sorted(rows, key=lambda row: (-row["hours"], row["operator"]))


def territory_totals(territory) -> dict:
    return _totals("", [territory.pk]).get(
        territory.pk, {"hours": ZERO, "companies": 0, "associations": 0}
    )


def public_territories_queryset():
    """Active territories with a programme past its draft, by name."""
    return (
        Territory.objects.filter(
            status=OrganisationStatus.ACTIVE,
            programmes__kind=ProgrammeKind.TERRITORIAL,
            programmes__status__in=[ProgrammeStatus.OPEN, ProgrammeStatus.CLOSED],
        )
        .distinct()
        .select_related("commune")
        .order_by("name", "pk")
    )


def with_public_figures(territories: list) -> list:
    """Each territory with its latest programme past its draft (`impact_programme`, whose
    impact page is public) and its totals: one query for the latest programmes and a fixed
    number for the totals, whatever the number of territories."""
    ids = [territory.pk for territory in territories]
    latest = {}
    for programme in (
        Programme.objects.filter(territory__in=ids)
        .exclude(status=ProgrammeStatus.DRAFT)
        .order_by("territory_id", "-starts_on")
        .only("pk", "name", "territory_id", "starts_on")
    ):
        latest.setdefault(programme.territory_id, programme)
    totals = defaultdict(lambda: {"hours": ZERO, "companies": 0, "associations": 0})
    totals.update(_totals("", ids))
    for territory in territories:
        territory.impact_programme = latest.get(territory.pk)
        territory.totals = totals[territory.pk]
    return territories


def public_territories(limit=HOME_TERRITORIES) -> list:
    """The first public territories, each with its latest public programme and its totals."""
    return with_public_figures(list(public_territories_queryset()[:limit]))
