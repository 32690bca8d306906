"""Figures of the dashboards, read from the ledger (its rolled-up figures per account and month,
account balances) and from valued time entries (€). Every function runs a fixed number of
aggregate queries, whatever the size of the data (tested), and every figure can be recomputed
from PostingLine sums and TimeEntry values (tested)."""

from .association import association_dashboard
from .common import ledger_by_month, ledger_totals, value_totals
from .company import company_dashboard
from .hours import hours_list
from .organisations import associations_table, companies_table
from .territory import ledger_by_programme, territories_table, territory_dashboard
from .volunteer import planned_participations, volunteer_dashboard

__all__ = [
    "territory_dashboard",
    "ledger_by_programme",
    "territories_table",
    "companies_table",
    "associations_table",
    "company_dashboard",
    "association_dashboard",
    "volunteer_dashboard",
    "planned_participations",
    "hours_list",
    "ledger_by_month",
    "ledger_totals",
    "value_totals",
]
