"""The operator's tables: every company and association across the territories in scope."""

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, AccountMonth
from metis.needs.enums import (
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Need, Participation, TimeEntry
from metis.organisations.models import Association, Company, Territory
from metis.programmes.enums import SubsidyStatus
from metis.programmes.models import MixedSubsidy, Programme
from metis.reporting.models import ValidatedMonth

from .common import ENGAGED_STATUSES, ZERO, _d, _line_filters, _share

# The figures of company_dashboard / association_dashboard, for every organisation at once:
# one GROUP BY (organisation, territory) query per source table, whatever the number of
# organisations, then their names. Rows are restricted to the programmes in scope
# (territory/programme filters).


def _scope(territories, programme=None):
    programmes = Programme.objects.filter(territory__in=territories)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    return programmes


def _grouped(queryset, organisation, territory, **figures) -> dict:
    """{(organisation id, territory id): figures}: one GROUP BY on the two ids (their names
    are read once, by _combine: grouping on them would join two tables to every row)."""
    keys = (f"{organisation}_id", f"{territory}_id")
    rows = queryset.values(*keys).annotate(**figures).order_by()
    return {(r[keys[0]], r[keys[1]]): {n: r[n] for n in figures} for r in rows}


def _combine(model, *sources):
    """One row per (organisation, territory) of the sources, with the organisation's (a
    `model`) and the territory's names, sorted by them."""
    keys = set().union(*sources)
    names = dict(model.objects.filter(pk__in={key[0] for key in keys}).values_list("pk", "name"))
    territories = dict(
        Territory.objects.filter(pk__in={key[1] for key in keys}).values_list("pk", "name")
    )
    out = []
    for key in keys:
        row = {"name": names[key[0]], "territory": territories[key[1]]}
        for source in sources:
            row.update(source.get(key, {}))
        out.append(row)
    return sorted(out, key=lambda r: (r["name"].casefold(), r["territory"].casefold()))


def _validated_months(programmes):
    """The validated hours rolled up per programme, association, company and month; a row whose
    entries were all taken back (rejected after validation) counts for nothing."""
    return ValidatedMonth.objects.filter(programme__in=programmes, entries__gt=0)


def companies_table(territories, *, programme=None) -> list[dict]:
    """One row per (company, territory): company_dashboard's figures over the programmes in
    scope. Four aggregate queries, then the names (two)."""
    programmes = _scope(territories, programme)
    pledged = _grouped(
        AccountMonth.objects.filter(
            _line_filters()["pledged"],
            account__programme__in=programmes,
            account__company__isnull=False,
        ),
        "account__company",
        "account__programme__territory",
        pledged=Sum("amount", default=ZERO),
    )
    # Delivered = the balance of used:c (validated hours), a cache of its lines that
    # ledger_check proves equal: reading it spares a scan of every validation line.
    delivered = _grouped(
        Account.objects.filter(programme__in=programmes, kind=AccountKind.USED),
        "company",
        "programme__territory",
        delivered=Sum("balance", default=ZERO),
    )
    # The validated hours rolled up (ValidatedMonth) rather than the time entries themselves.
    entries = _grouped(
        _validated_months(programmes),
        "company",
        "programme__territory",
        value_delivered=Sum("value", default=ZERO),
        awaiting_cost_price=Sum("awaiting", default=ZERO),
        associations_helped=Count("association", distinct=True),
    )
    people = _grouped(
        Participation.objects.filter(need__programme__in=programmes),
        "company",
        "need__programme__territory",
        employees=Count("volunteer", filter=Q(status__in=ENGAGED_STATUSES), distinct=True),
        approvals_waiting=Count("pk", filter=Q(status=ParticipationStatus.ACCEPTED)),
    )
    money = ("pledged", "delivered", "value_delivered", "awaiting_cost_price")
    counts = ("employees", "associations_helped", "approvals_waiting")
    return [
        {
            "company": r["name"],
            "territory": r["territory"],
            **{n: _d(r.get(n)) for n in money},
            **{n: r.get(n, 0) for n in counts},
        }
        for r in _combine(Company, pledged, delivered, entries, people)
    ]


def associations_table(territories, *, programme=None) -> list[dict]:
    """One row per (association, territory): the cash subsidies (as in territory_dashboard) and
    association_dashboard's figures over the programmes in scope. Seven aggregate
    queries, then the names (two)."""
    programmes = _scope(territories, programme)
    drop = Case(
        When(
            cash_previous_period__gt=F("cash_current_period"),
            then=F("cash_previous_period") - F("cash_current_period"),
        ),
        default=Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    org, terr = "association", "programme__territory"
    cash = _grouped(
        MixedSubsidy.objects.filter(programme__in=programmes).exclude(
            status=SubsidyStatus.PROPOSED
        ),
        org,
        terr,
        cash_previous=Sum("cash_previous_period", default=ZERO),
        cash_current=Sum("cash_current_period", default=ZERO),
        cash_drop=Sum(drop, default=ZERO),
    )
    credit = Q(kind=AccountKind.CREDIT)
    delivered = Q(kind=AccountKind.DELIVERED)
    balances = _grouped(
        Account.objects.filter(programme__in=programmes, association__isnull=False).filter(
            credit | delivered
        ),
        org,
        terr,
        remaining_credit=Sum("balance", filter=credit, default=ZERO),
        hours_delivered=Sum("balance", filter=delivered, default=ZERO),
    )
    allocated = _grouped(
        AccountMonth.objects.filter(account__programme__in=programmes).filter(
            _line_filters()["allocated"]
        ),
        "account__association",
        "account__programme__territory",
        hours_credit=Sum("amount", default=ZERO),
    )
    validated = _grouped(
        _validated_months(programmes), org, terr, value_delivered=Sum("value", default=ZERO)
    )
    # Declared entries are the few awaiting a decision (the index on status and date).
    declared = _grouped(
        TimeEntry.objects.filter(
            participation__need__programme__in=programmes, status=TimeEntryStatus.DECLARED
        ),
        "participation__need__association",
        "participation__need__programme__territory",
        hours_to_validate=Sum("hours", default=ZERO),
    )
    needs = _grouped(
        Need.objects.filter(programme__in=programmes),
        org,
        terr,
        needs_published=Count("pk", filter=Q(status=NeedStatus.PUBLISHED)),
        needs_in_progress=Count("pk", filter=Q(status=NeedStatus.IN_PROGRESS)),
        needs_completed=Count("pk", filter=Q(status=NeedStatus.COMPLETED)),
    )
    applications = _grouped(
        Participation.objects.filter(
            need__programme__in=programmes, status=ParticipationStatus.APPLIED
        ),
        "need__association",
        "need__programme__territory",
        applications=Count("pk"),
    )
    money = (
        "cash_previous",
        "cash_current",
        "cash_drop",
        "hours_credit",
        "remaining_credit",
        "hours_delivered",
        "value_delivered",
        "hours_to_validate",
    )
    counts = ("needs_published", "needs_in_progress", "needs_completed", "applications")
    out = []
    for r in _combine(
        Association, cash, balances, allocated, validated, declared, needs, applications
    ):
        row = {
            "association": r["name"],
            "territory": r["territory"],
            **{n: _d(r.get(n)) for n in money},
            **{n: r.get(n, 0) for n in counts},
        }
        row["drop_share_percent"] = _share(row["value_delivered"], row["cash_drop"])
        out.append(row)
    return out
