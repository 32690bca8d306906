"""Every dashboard figure recomputed from posting lines and time entries; exports; calendar;
public impact page; bounded queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import PostingLine
from metis.needs.enums import NeedStatus, ParticipationStatus, TimeEntryStatus
from metis.needs.models import Participation, TimeEntry
from metis.needs.services import participations as participation_services
from metis.reporting.models import CalendarFeed
from metis.reporting.tables import H

from .conftest import build

URL = reverse("reporting:dashboard")
ZERO = Decimal("0.00")


def lines(**filters):
    return PostingLine.objects.filter(**filters).aggregate(t=Sum("amount"))["t"] or ZERO


def entries(**filters):
    validated = TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED, **filters)
    return validated.aggregate(h=Sum("hours"), v=Sum("value"))


def csv_rows(response, table=None):
    """The French CSV of a table, checked (BOM, `;`, translated header), keyed by column."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text[1:]), delimiter=";")
    header = next(reader)
    columns = table.columns if table is not None else list(H.items())
    keys = [{str(label): key for key, label in columns}[label] for label in header]
    return [dict(zip(keys, row, strict=True)) for row in reader]


def french_decimal(text):
    assert "." not in text
    return Decimal(text.replace(",", "."))


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_territory_figures_recompute_from_the_ledger(client, data):
    figures = get(client, data.officer).context["figures"]
    programme = data.programme
    assert figures["totals"]["pledged"] == lines(
        posting__programme=programme,
        account__kind=AccountKind.PLEDGE,
        posting__event=PostingEvent.PLEDGE_SIGNED,
    )
    assert figures["totals"]["pledged"] == Decimal("1200")  # 200 + 1000 signed
    assert figures["totals"]["allocated"] == lines(
        posting__programme=programme,
        account__kind=AccountKind.CREDIT,
        posting__event=PostingEvent.ALLOCATION_VOTED,
    )
    assert figures["totals"]["reserved"] == lines(
        posting__programme=programme, account__kind=AccountKind.RESERVED_CREDIT
    )
    assert figures["totals"]["delivered"] == lines(
        posting__programme=programme, account__kind=AccountKind.DELIVERED
    )
    assert figures["totals"]["delivered"] == Decimal("7.50")
    assert figures["values"]["value"] == entries()["v"] > 0
    # the last month's running totals equal the totals
    last = figures["by_month"][-1]
    assert all(last[k] == figures["totals"][k] for k in ("pledged", "allocated", "delivered"))
    (row,) = figures["associations"]
    assert row["hours_delivered"] == Decimal("7.50")
    assert row["value_delivered"] == entries(participation__need__association=data.association)["v"]
    assert row["cash_drop"] == Decimal("4000")
    assert row["drop_share_percent"] == (row["value_delivered"] * 100 / 4000).quantize(
        Decimal("0.1")
    )


def test_company_figures(client, data):
    response = get(client, data.referent)
    figures = response.context["figures"]
    company = data.company
    assert figures["totals"]["pledged"] == Decimal("200")
    assert figures["totals"]["delivered"] == lines(
        account__company=company, account__kind=AccountKind.USED
    )
    assert figures["totals"]["reserved"] == lines(
        account__company=company, account__kind=AccountKind.RESERVED_PLEDGE
    )
    assert figures["totals"]["value_delivered"] == entries(participation__company=company)["v"]
    assert figures["counts"]["employees"] == 1
    assert figures["counts"]["associations_helped"] == 1
    assert figures["counts"]["approvals_waiting"] == (
        Participation.objects.filter(company=company, status=ParticipationStatus.ACCEPTED).count()
    )
    assert figures["totals"]["awaiting_cost_price"] == ZERO
    assert 'data-figure="pledged"' in response.text


def test_association_figures(client, data):
    figures = get(client, data.manager).context["figures"]
    association = data.association
    assert figures["totals"]["remaining_credit"] == lines(
        account__association=association, account__kind=AccountKind.CREDIT
    )
    assert figures["totals"]["allocated"] == Decimal("150")
    assert figures["totals"]["delivered"] == Decimal("7.50")
    assert figures["hours_to_validate"] == {"count": 1, "hours": Decimal("2.50")}
    assert figures["to_act"]["awaiting_employer"] == 1
    published = next(r for r in figures["needs_by_state"] if r["count"])
    assert published["count"] == 1


def test_volunteer_figures_and_calendar(client, data):
    response = get(client, data.employee)
    figures = response.context["figures"]
    assert figures["totals"]["validated"] == entries(participation__volunteer=data.employee)["h"]
    assert figures["totals"]["declared"] == Decimal("2.50")
    assert figures["totals"]["value"] == entries(participation__volunteer=data.employee)["v"]
    # The chart: the hours validated per month, the months with a validated entry only.
    validated = TimeEntry.objects.filter(
        participation__volunteer=data.employee, status=TimeEntryStatus.VALIDATED
    )
    per_month = {}
    for entry in validated:
        month = entry.date.strftime("%Y-%m")
        per_month[month] = per_month.get(month, ZERO) + entry.hours
    assert per_month and figures["chart"]["labels"] == sorted(per_month)
    assert figures["chart"]["series"]["hours"] == [float(per_month[m]) for m in sorted(per_month)]
    feed = CalendarFeed.objects.get(user=data.employee)
    client.logout()
    ics = client.get(reverse("reporting:agenda", args=[feed.token]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 1
    assert f"DTSTART;VALUE=DATE:{data.programme.starts_on:%Y%m%d}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert client.get(reverse("reporting:agenda", args=["wrong"])).status_code == 404


def test_operator_sees_every_territory_and_filters(client, data, operator_user):
    from metis.organisations.tests.factories import TerritoryFactory

    other = build()
    # move the second programme to another territory of the same operator
    territory = TerritoryFactory(
        commune=type(data.programme.territory.commune).objects.exclude(
            pk=data.programme.territory.commune_id
        )[0],
        operator=data.programme.territory.operator,
    )
    type(other.programme).objects.filter(pk=other.programme.pk).update(territory=territory)
    figures = get(client, operator_user).context["figures"]
    assert figures["totals"]["delivered"] == Decimal("15.00")
    filtered = get(client, operator_user, territory=territory.pk)
    assert filtered.context["figures"]["totals"]["delivered"] == Decimal("7.50")
    assert filtered.context["figures"]["totals"]["pledged"] == Decimal("1200")
    by_programme = get(client, operator_user, programme=data.programme.pk)
    assert by_programme.context["figures"]["totals"]["delivered"] == Decimal("7.50")
    territories = filtered.context["tables"][0]
    assert territories.name == "territories"


def _second_territory(data):
    """A second cycle, its programme moved to another territory of the same operator, with
    hours awaiting a cost price and an application to answer."""
    from metis.needs.tests.factories import volunteer
    from metis.organisations.tests.factories import TerritoryFactory

    other = build(entries=2)
    territory = TerritoryFactory(
        commune=type(data.programme.territory.commune)
        .objects.exclude(pk=data.programme.territory.commune_id)
        .exclude(territory__isnull=False)[0],
        operator=data.programme.territory.operator,
    )
    type(other.programme).objects.filter(pk=other.programme.pk).update(territory=territory)
    entry = (
        TimeEntry.objects.filter(
            participation=other.participation_active, status=TimeEntryStatus.VALIDATED
        )
        .order_by("pk")
        .first()
    )
    TimeEntry.objects.filter(pk=entry.pk).update(value=None)
    participation_services.participation_apply(need=other.need, volunteer=volunteer(other.company))
    return other, territory


def test_operator_company_and_association_tables_equal_their_dashboards(
    client, data, operator_user
):
    from metis.organisations.models import Association, Company
    from metis.reporting import selectors

    other, territory = _second_territory(data)
    response = get(client, operator_user)
    tables = {t.name: t for t in response.context["tables"]}
    companies = tables["company_figures"].rows
    # both cycles' companies, and the companies that filled each pool
    assert len(companies) == 4
    assert any(r["awaiting_cost_price"] > 0 for r in companies)
    for row in companies:
        company = Company.objects.get(name=row["company"])
        figures = selectors.company_dashboard(company)
        totals, counts = figures["totals"], figures["counts"]
        assert row["pledged"] == totals["pledged"]
        assert row["delivered"] == totals["delivered"]
        assert row["value_delivered"] == totals["value_delivered"]
        assert row["awaiting_cost_price"] == totals["awaiting_cost_price"]
        assert row["employees"] == counts["employees"]
        assert row["associations_helped"] == counts["associations_helped"]
        assert row["approvals_waiting"] == counts["approvals_waiting"]
    associations = tables["association_figures"].rows
    assert {r["association"] for r in associations} == {
        data.association.name,
        other.association.name,
    }
    assert {r["territory"] for r in associations} == {data.programme.territory.name, territory.name}
    assert any(r["applications"] for r in associations)
    territory_rows = {
        r["association"]: r
        for r in selectors.territory_dashboard(
            type(territory).objects.filter(operator=territory.operator)
        )["associations"]
    }
    for row in associations:
        association = Association.objects.get(name=row["association"])
        figures = selectors.association_dashboard(association)
        totals = figures["totals"]
        assert row["hours_credit"] == totals["allocated"] == Decimal("150")
        assert row["remaining_credit"] == totals["remaining_credit"]
        assert row["hours_delivered"] == totals["delivered"]
        assert row["value_delivered"] == totals["value_delivered"]
        by_state = {
            value: r["count"]
            for (value, _label), r in zip(
                NeedStatus.choices, figures["needs_by_state"], strict=True
            )
        }
        assert row["needs_published"] == by_state[NeedStatus.PUBLISHED]
        assert row["needs_in_progress"] == by_state[NeedStatus.IN_PROGRESS] == 1
        assert row["needs_completed"] == by_state[NeedStatus.COMPLETED]
        assert row["applications"] == figures["to_act"]["applications"]
        assert row["hours_to_validate"] == figures["hours_to_validate"]["hours"]
        cash = territory_rows[row["association"]]
        for key in ("cash_previous", "cash_current", "cash_drop", "drop_share_percent"):
            assert row[key] == cash[key]
        assert row["value_delivered"] == cash["value_delivered"]
    # the territory and programme filters restrict the rows
    filtered = {
        t.name: t for t in get(client, operator_user, territory=territory.pk).context["tables"]
    }
    assert {r["territory"] for r in filtered["company_figures"].rows} == {territory.name}
    assert [r["association"] for r in filtered["association_figures"].rows] == [
        other.association.name
    ]
    by_programme = {
        t.name: t for t in get(client, operator_user, programme=data.programme.pk).context["tables"]
    }
    assert [r["association"] for r in by_programme["association_figures"].rows] == [
        data.association.name
    ]


def test_operator_tables_export_as_csv_and_xlsx(client, data, operator_user):
    from openpyxl import load_workbook

    _second_territory(data)
    response = get(client, operator_user)
    tables = {t.name: t for t in response.context["tables"]}
    for name in ("company_figures", "association_figures"):
        table = tables[name]
        rows = csv_rows(client.get(URL, {"table": name, "format": "csv"}), table)
        assert len(rows) == len(table.rows) > 0
        for key in ("value_delivered", "hours_to_validate", "awaiting_cost_price"):
            if key in rows[0]:
                assert sum(french_decimal(r[key]) for r in rows) == sum(r[key] for r in table.rows)
        workbook = client.get(URL, {"table": name, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        values = list(sheet.values)
        assert len(values) == len(table.rows) + 1
        column = [key for key, _label in table.columns].index("value_delivered")
        assert sum(Decimal(str(v[column])) for v in values[1:]) == sum(
            r["value_delivered"] for r in table.rows
        )


@pytest.mark.parametrize("who", ["officer", "referent", "manager", "employee"])
def test_csv_export_parses_and_matches_the_screen(client, data, who):
    response = get(client, getattr(data, who))
    for table in response.context["tables"]:
        exported = client.get(URL, {"table": table.name, "format": "csv"})
        rows = csv_rows(exported, table)
        assert len(rows) == len(table.rows)
        for key, _label in table.columns:
            values = [row[key] for row in table.rows]
            if values and all(isinstance(v, Decimal) for v in values):
                assert sum(french_decimal(r[key]) for r in rows) == sum(values)
    hours = client.get(URL, {"table": "hours", "format": "csv"})
    rows = csv_rows(hours)
    assert sum(french_decimal(r["hours"]) for r in rows) == Decimal("10.00")
    assert ("value" in rows[0]) == (who in ("referent", "employee"))


def test_xlsx_export(client, data):
    from openpyxl import load_workbook

    get(client, data.officer)
    response = client.get(URL, {"table": "associations", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and Decimal(str(rows[1][6])) == Decimal("7.50")


def test_unknown_table_is_404(client, data):
    get(client, data.officer)
    assert client.get(URL, {"table": "nope", "format": "csv"}).status_code == 404


def test_impact_page_is_public(client, data):
    data.company.agrees_to_be_named = True
    data.company.save()
    response = client.get(reverse("reporting:impact", args=[data.programme.pk]))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["pledged"] == Decimal("1200") and figures["delivered"] == Decimal("7.50")
    assert figures["associations_helped"] == 1
    assert figures["companies"] == [data.company.name]


def test_dashboard_needs_a_membership(client, django_user_model):
    from metis.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


MAX_QUERIES = {"operator": 34}  # the operator's page adds 13 for its company/association tables
DEFAULT_MAX_QUERIES = 25


@pytest.mark.parametrize("who", ["officer", "referent", "manager", "employee", "operator"])
def test_queries_are_bounded_and_do_not_grow_with_data(
    client, db, who, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from metis.accounts.tests.factories import operator_staff_with_totp
    from metis.organisations.models import Territory

    counts = []
    operator = staff = None
    for size in (1, 6):
        data = build(entries=size, extra_volunteers=size)
        if who == "operator":
            # the operator sees one territory, then two with more companies and associations
            if operator is None:
                operator = data.programme.territory.operator
                staff = operator_staff_with_totp(operator)
            else:
                Territory.objects.filter(pk=data.programme.territory_id).update(operator=operator)
            data.operator = staff
        client.force_login(getattr(data, who))
        client.get(URL)  # the calendar feed row is created once
        with (
            CaptureQueriesContext(connection) as queries,
            django_assert_max_num_queries(MAX_QUERIES.get(who, DEFAULT_MAX_QUERIES)),
        ):
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_bench_pages_runs_on_a_small_territory(db):
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "bench_pages", here=True, associations=2, companies=1, per_association=1, runs=2, stdout=out
    )
    text = out.getvalue()
    assert "territory" in text and "impact (public)" in text
    from metis.ledger.checks import ledger_differences

    assert not ledger_differences()


def test_association_dashboard_shows_the_yearly_declaration_deadline(client, data):
    response = get(client, data.manager)
    previous, current = response.context["declarations"]
    this_year = datetime.date.today().year
    assert (previous["year"], current["year"]) == (this_year - 1, this_year)
    assert previous["count"] == current["count"] == 0
    # Calendar year: due the second working day after 1 May of the following year.
    assert previous["deadline"].month == 5 and previous["deadline"].year == this_year
    assert "222 bis" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_dashboard_exports_neutralise_a_formula_in_an_association_name(client, data, fmt):
    """Each of =, +, -, @, tab and CR at the start of a name, in the officer's exports."""
    from metis.core.tests.test_exports import PAYLOADS, assert_no_formula, read_csv, read_xlsx
    from metis.organisations.models import Association

    tables = {t.name: t for t in get(client, data.officer).context["tables"]}
    column = [key for key, _label in tables["associations"].columns].index("association")
    for payload in PAYLOADS:
        Association.objects.filter(pk=data.association.pk).update(name=payload)
        response = client.get(URL, {"table": "associations", "format": fmt})
        if fmt == "csv":
            assert read_csv(response.content)[1][column] == "'" + payload
        else:
            assert_no_formula(response.content)
            cell = list(read_xlsx(response.content)[0].rows)[1][column]
            assert cell.value.replace("\r", "\n") == "'" + payload.replace("\r", "\n")
            assert cell.data_type == "s"


def test_volunteer_renews_the_calendar_address_and_the_old_one_stops(client, data):
    feed = CalendarFeed.objects.create(user=data.employee)
    old = feed.token
    client.force_login(data.employee)
    assert "agenda/renouveler" in client.get(reverse("reporting:dashboard")).content.decode()
    response = client.post(reverse("reporting:agenda_renew"))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.token != old
    client.logout()
    assert client.get(reverse("reporting:agenda", args=[old])).status_code == 404
    assert client.get(reverse("reporting:agenda", args=[feed.token])).status_code == 200


def test_calendar_address_renewal_needs_a_post(client, data):
    feed = CalendarFeed.objects.create(user=data.employee)
    client.force_login(data.employee)
    assert client.get(reverse("reporting:agenda_renew")).status_code == 405
    assert CalendarFeed.objects.get(pk=feed.pk).token == feed.token
