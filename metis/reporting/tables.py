"""Tables of the dashboards: the same rows on screen and in the CSV / XLSX exports."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from metis.core.exports import Sheet
from metis.needs.enums import TimeEntryStatus


@dataclass
class Table:
    name: str
    title: str
    columns: list  # [(key, label)]
    rows: list = field(default_factory=list)
    totals: dict | None = None
    # On screen: the page of rows shown and the links to the pages around it (views._paginate).
    page: object = None
    previous_url: str = ""
    next_url: str = ""

    @property
    def body(self):
        return [[row.get(key) for key, _label in self.columns] for row in self.rows]

    def as_sheet(self) -> Sheet:
        return Sheet(self.name, [label for _key, label in self.columns], self.body)

    @property
    def footer(self):
        if self.totals is None:
            return None
        return [self.totals.get(key, "") for key, _label in self.columns]


H = {
    "programme": _("Programme"),
    "association": _("Association"),
    "territory": _("Territory"),
    "company": _("Company"),
    "need": _("Need"),
    "date": _("Date"),
    "status": _("Status"),
    "hours": _("Hours"),
    "value": _("Value (€)"),
    "pledged": _("Pledged (h)"),
    "allocated": _("Allocated (h)"),
    "reserved": _("Reserved (h)"),
    "delivered": _("Delivered (h)"),
    "remaining": _("Pledge remaining (h)"),
    "remaining_credit": _("Credit remaining (h)"),
    "value_delivered": _("Value delivered (€)"),
    "awaiting_cost_price": _("Awaiting a cost price (h)"),
    "cash_previous": _("Cash subsidy, previous period (€)"),
    "cash_current": _("Cash subsidy, current period (€)"),
    "cash_drop": _("Cash drop (€)"),
    "hours_credit": _("Hours credit (h)"),
    "hours_delivered": _("Hours delivered (h)"),
    "drop_share_percent": _("Share of the cash drop made up (%)"),
    "planned_starts_on": _("Planned start"),
    "planned_ends_on": _("Planned end"),
    "declared": _("Declared (h)"),
    "validated": _("Validated (h)"),
    "state": _("State"),
    "count": _("Number"),
    "employees": _("Employees engaged"),
    "associations_helped": _("Associations helped"),
    "approvals_waiting": _("Approvals waiting"),
    "needs_published": _("Needs published"),
    "needs_in_progress": _("Needs in progress"),
    "needs_completed": _("Needs completed"),
    "applications": _("Applications to answer"),
    "hours_to_validate": _("Hours to validate (h)"),
}


def _cols(*keys):
    return [(k, H[k]) for k in keys]


def associations_table(rows):
    return Table(
        "associations",
        _("Associations: cash subsidy, hours credit and hours delivered"),
        _cols(
            "programme",
            "association",
            "cash_previous",
            "cash_current",
            "cash_drop",
            "hours_credit",
            "hours_delivered",
            "value_delivered",
            "drop_share_percent",
        ),
        rows,
    )


def territories_table(rows):
    return Table(
        "territories",
        _("Territories"),
        _cols("territory", "pledged", "allocated", "reserved", "delivered", "value_delivered"),
        rows,
    )


def company_figures_table(rows):
    """The operator's view of the companies: one row per company and territory."""
    return Table(
        "company_figures",
        _("Companies, per territory"),
        _cols(
            "company",
            "territory",
            "pledged",
            "delivered",
            "value_delivered",
            "employees",
            "associations_helped",
            "approvals_waiting",
            "awaiting_cost_price",
        ),
        rows,
    )


def association_figures_table(rows):
    """The operator's view of the associations: one row per association and territory."""
    return Table(
        "association_figures",
        _("Associations, per territory"),
        _cols(
            "association",
            "territory",
            "cash_previous",
            "cash_current",
            "hours_credit",
            "remaining_credit",
            "hours_delivered",
            "value_delivered",
            "drop_share_percent",
            "needs_published",
            "needs_in_progress",
            "needs_completed",
            "applications",
            "hours_to_validate",
        ),
        rows,
    )


def months_table(rows):
    return Table(
        "months",
        _("Hours over time (running totals)"),
        [("month", _("Month")), *_cols("pledged", "allocated", "reserved", "delivered")],
        [{**r, "month": r["month"].strftime("%Y-%m")} for r in rows],
    )


def company_programmes_table(rows, totals):
    return Table(
        "programmes",
        _("Pledges per programme"),
        _cols(
            "programme",
            "pledged",
            "remaining",
            "reserved",
            "delivered",
            "value_delivered",
            "awaiting_cost_price",
        ),
        rows,
        {**totals, "programme": _("Total")},
    )


def association_programmes_table(rows, totals):
    return Table(
        "programmes",
        _("Hours credit per programme"),
        _cols(
            "programme", "allocated", "remaining_credit", "reserved", "delivered", "value_delivered"
        ),
        rows,
        {**totals, "programme": _("Total")},
    )


def needs_table(rows):
    return Table("needs", _("Needs by state"), _cols("state", "count"), rows)


def participations_table(rows):
    return Table(
        "participations",
        _("My participations"),
        _cols(
            "need",
            "association",
            "status",
            "planned_starts_on",
            "planned_ends_on",
            "reserved",
            "declared",
            "validated",
        ),
        rows,
    )


def hours_table(rows, *, with_value):
    keys = ["date", "programme", "association", "company", "need", "status", "hours"]
    if with_value:
        keys.append("value")
    labels = dict(TimeEntryStatus.choices)
    return Table(
        "hours",
        _("Hours list"),
        _cols(*keys),
        [{**r, "status": labels.get(r["status"], r["status"])} for r in rows],
    )
