"""Territory and operator dashboards: headline figures, chart, one row per territory."""

from decimal import Decimal

from django.db.models import Sum

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, ProgrammeMonth
from metis.programmes.enums import SubsidyStatus
from metis.programmes.models import MixedSubsidy, Programme
from metis.reporting.models import ProgrammeValidatedMonth, ValidatedMonth

from .common import (
    SERIES,
    ZERO,
    _chart,
    _d,
    _line_filters,
    _month,
    _share,
    ledger_by_month,
)

# Past this many programmes, the other queries filter on them by a subquery (a nation's
# hundreds of ids as parameters cost more to send and convert than the subquery to run).
SCOPE_AS_LIST = 20


def territory_dashboard(territories, *, programme=None, associations=True) -> dict:
    """Figures of the programmes of `territories` (a queryset), or of one programme; with
    `associations`, one row per mixed subsidy (else None: the operator's nation)."""
    programmes = Programme.objects.filter(territory__in=territories)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    reference = dict(programmes.values_list("pk", "reference_hourly_value"))
    # Every other query filters on the programmes' ids (an index each).
    scope = reference if len(reference) <= SCOPE_AS_LIST else programmes.values("pk")
    lines = ProgrammeMonth.objects.filter(programme__in=scope)
    # One scan of the lines per programme gives the totals and the reference values.
    per_programme = ledger_by_programme(lines)
    totals = {n: sum((row[n] for row in per_programme.values()), ZERO) for n in SERIES}
    by_month = ledger_by_month(lines)
    # The validated hours rolled up: per programme and month (the totals and the chart: one row
    # per programme and month, whatever the number of associations and employers), and per
    # programme and association (each association's value, _association_rows).
    sums = {
        "hours": Sum("hours", default=ZERO),
        "value": Sum("value", default=ZERO),
        "awaiting": Sum("awaiting", default=ZERO),
    }
    month_rows = [
        {"month": _month(r["month"]), **{n: _d(r[n]) for n in sums}}
        for r in ProgrammeValidatedMonth.objects.filter(programme__in=scope)
        .values("month")
        .annotate(**sums)
        .order_by()
    ]
    values = {n: sum((row[n] for row in month_rows), ZERO) for n in sums}
    month_values = {row["month"]: (row["hours"], row["value"]) for row in month_rows}
    return {
        "totals": totals,
        "per_programme": per_programme,
        "values": values,
        "reference_values": _reference_values(per_programme, reference),
        "by_month": by_month,
        "chart": _chart(by_month, month_values),
        "associations": _association_rows(scope) if associations else None,
    }


def _association_rows(scope) -> list[dict]:
    """Per association of the programmes of `scope` (ids): cash subsidy, credit, hours
    delivered and their value, share of the drop."""
    valued = {
        (r["programme_id"], r["association_id"]): _d(r["value"])
        for r in ValidatedMonth.objects.filter(programme__in=scope)
        .values("programme_id", "association_id")
        .annotate(value=Sum("value", default=ZERO))
        .order_by()
    }
    subsidies = (
        MixedSubsidy.objects.filter(programme__in=scope)
        .exclude(status=SubsidyStatus.PROPOSED)
        .order_by("programme__starts_on", "programme__name", "association__name", "pk")
        .values(
            "programme_id",
            "association_id",
            "programme__name",
            "association__name",
            "cash_previous_period",
            "cash_current_period",
            "hours_credit",
        )
    )
    delivered = {
        (r["programme_id"], r["association_id"]): _d(r["total"])
        # Held by associations, without a reference (the accounts' shapes): the partial index
        # of the associations' accounts serves the query.
        for r in Account.objects.filter(
            programme__in=scope,
            kind=AccountKind.DELIVERED,
            association__isnull=False,
            reference_id__isnull=True,
        )
        .values("programme_id", "association_id")
        .annotate(total=Sum("balance"))
        .order_by()
    }
    associations = []
    for s in subsidies:
        key = (s["programme_id"], s["association_id"])
        drop = max(s["cash_previous_period"] - s["cash_current_period"], ZERO)
        value = valued.get(key, ZERO)
        associations.append(
            {
                "programme": s["programme__name"],
                "association": s["association__name"],
                "cash_previous": s["cash_previous_period"],
                "cash_current": s["cash_current_period"],
                "cash_drop": drop,
                "hours_credit": s["hours_credit"],
                "hours_delivered": delivered.get(key, ZERO),
                "value_delivered": value,
                "drop_share_percent": _share(value, drop),
            }
        )
    return associations


def ledger_by_programme(lines) -> dict:
    """The four figures per programme: {programme_id: {"pledged": …, …}} (one query)."""
    filters = _line_filters(lines)
    rows = (
        lines.values("programme_id")
        .annotate(**{n: Sum("amount", filter=filters[n], default=ZERO) for n in SERIES})
        .order_by()
    )
    return {r["programme_id"]: {n: _d(r[n]) for n in SERIES} for r in rows}


def _reference_values(per_programme, reference):
    """Pledged, allocated and reserved hours valued at each programme's reference hourly value
    (delivered hours are valued at the employees' cost prices instead)."""
    out = dict.fromkeys(SERIES, ZERO)
    for programme_id, row in per_programme.items():
        rate = reference.get(programme_id, ZERO)
        for n in SERIES:
            out[n] += (row[n] * rate).quantize(Decimal("0.01"))
    return out


def territories_table(territories, per_programme=None) -> list[dict]:
    """One row per territory (the operator's overview). `per_programme` (from
    ledger_by_programme over every programme of `territories`) spares a scan of the lines."""
    if per_programme is None:
        per_programme = ledger_by_programme(
            ProgrammeMonth.objects.filter(programme__territory__in=territories)
        )
    territory_of = dict(
        Programme.objects.filter(territory__in=territories).values_list("pk", "territory_id")
    )
    rows = {}
    for programme_id, figures in per_programme.items():
        row = rows.setdefault(territory_of[programme_id], dict.fromkeys(SERIES, ZERO))
        for n in SERIES:
            row[n] += figures[n]
    values = {
        r["programme__territory_id"]: _d(r["value_sum"])
        for r in ProgrammeValidatedMonth.objects.filter(programme__territory__in=territories)
        .values("programme__territory_id")
        .annotate(value_sum=Sum("value", default=ZERO))
        .order_by()
    }
    out = []
    for pk, name in territories.order_by("name").values_list("pk", "name"):
        row = rows.get(pk, {})
        out.append(
            {
                "territory": name,
                **{n: _d(row.get(n)) for n in SERIES},
                "value_delivered": values.get(pk, ZERO),
            }
        )
    return out
