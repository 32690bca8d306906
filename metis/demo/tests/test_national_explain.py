"""On PostgreSQL, over a small national data set (`seed_national`), every query of the heaviest
pages (catalogue search, territory and operator dashboards, national counter) can use an index
on the big tables: each query the page runs is EXPLAINed with sequential scans switched off
(`enable_seqscan = off`), and none may still scan a big table sequentially (which is what
PostgreSQL plans when no index can serve the query)."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metis.accounts.models import User
from metis.accounts.tests.factories import operator_staff_with_totp
from metis.civic import services as civic_services
from metis.organisations.models import Operator

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BIG_TABLES = (
    "ledger_postingline",
    "ledger_accountmonth",
    "ledger_programmemonth",
    "ledger_posting",
    "ledger_account",
    "needs_timeentry",
    "needs_participation",
    "needs_need",
    "accounts_user",
    "accounts_membership",
)
# Whole-table ways in off: what is left is a plan that reaches rows through indexes, if any.
PLANNER_OFF = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")
# The tables of tens of millions of rows: a page of one territory or year never reads them whole.
LINES = (
    "ledger_postingline",
    "ledger_accountmonth",
    "ledger_programmemonth",
    "ledger_posting",
    "needs_timeentry",
)
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
INDEX_SCAN = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)(?: on (\w+))?"
)
# The partial unique index a bitmap scan of time entries may use without a condition.
BITMAP_TABLE = {"one_time_entry_per_participation_and_day": "needs_timeentry"}


@pytest.fixture
def national(db):
    call_command("seed_national", here=True, scale=0.001, stdout=io.StringIO())
    civic_services.civic_year_open(year=__import__("datetime").date.today().year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _queries(client, url) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")]


def _plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        for setting in PLANNER_OFF:
            cursor.execute(f"SET LOCAL {setting} = off")
        try:
            cursor.execute(f"EXPLAIN {sql}")
            return [row[0] for row in cursor.fetchall()]
        finally:
            for setting in PLANNER_OFF:
                cursor.execute(f"SET LOCAL {setting} = on")


def _leading_column(index: str) -> str | None:
    """The first column of an index (None for an expression)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
            "WHERE c.relname = %s",
            [index],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _bounds_leading_column(index: str, conditions: str) -> bool:
    """Whether the index conditions bound the index's first column: a condition on a later
    column only (`reference_id = 7` on an index of programme, kind, reference) still reads
    every entry of the index."""
    if not conditions:
        return False
    leading = _leading_column(index)
    return leading is None or re.search(rf"\b{re.escape(leading)}\b", conditions) is not None


def _full_scans(plan: list[str], *, strict=()) -> set[str]:
    """The big tables the plan reads whole: a sequential scan (no index could serve) or, for
    the tables in `strict`, an index scanned without a condition on its first column (every
    entry read)."""
    found = set()
    for number, line in enumerate(plan):
        if match := SEQ_SCAN.search(line):
            found.add(match.group(1))
            continue
        match = INDEX_SCAN.search(line)
        if not match:
            continue
        depth = len(line) - len(line.lstrip())
        details = []
        for following in plan[number + 1 :]:
            if "->" in following or len(following) - len(following.lstrip()) <= depth:
                break
            details.append(following)
        if match.group(1) == "Bitmap Index Scan":
            table = BITMAP_TABLE.get(match.group(2), match.group(2))
        else:
            table = match.group(3)
        conditions = " ".join(detail for detail in details if "Index Cond" in detail)
        if table in strict and not _bounds_leading_column(match.group(2), conditions):
            found.add(table)
    return {table for table in found if table in BIG_TABLES}


def _assert_indexed(client, url, *, strict=BIG_TABLES):
    scans = {}
    for sql in _queries(client, url):
        tables = _full_scans(_plan(sql), strict=strict)
        if tables:
            scans[sql[:400]] = tables
    assert not scans, scans


def test_catalogue_search_uses_indexes(client, national):
    _assert_indexed(client, reverse("needs:catalogue") + "?q=comptes+annuels")
    _assert_indexed(client, reverse("needs:catalogue") + "?sort=ending")


def test_territory_dashboard_reads_its_lines_and_hours_through_indexes(client, national):
    client.force_login(User.objects.get(email="territoire-1@national.metis.example"))
    _assert_indexed(client, reverse("reporting:dashboard"), strict=LINES)


def test_national_counter_reads_the_year_through_indexes(client, national):
    _assert_indexed(client, reverse("civic:counter"), strict=LINES)


def test_operator_dashboard_has_an_index_for_every_table(client, national):
    """Across all territories the operator's figures add up every line and every validated
    hour: an index serves each access, but the whole is read (docs/scaling.md)."""
    client.force_login(operator_staff_with_totp(Operator.objects.get()))
    _assert_indexed(client, reverse("reporting:dashboard"), strict=())


def test_validating_hours_reads_through_indexes(client, national):
    """An association validates one declared entry: every read of the write (the entry, the
    date of its reservation, the accounts, the cost price) goes through an index with a
    condition, whatever the size of the ledger."""
    from metis.accounts.enums import Role
    from metis.accounts.models import Membership
    from metis.needs.models import TimeEntry

    entry = (
        TimeEntry.objects.filter(status="declared", participation__civic_programme__isnull=True)
        .select_related("participation__need")
        .order_by("pk")
        .first()
    )
    manager = (
        Membership.objects.current()
        .filter(role=Role.ASSOCIATION_MANAGER, association=entry.participation.need.association_id)
        .order_by("pk")[0]
        .user
    )
    client.force_login(manager)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/association/heures/", {"entries": entry.pk, "decision": "valider"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "validated"
    scans = {}
    for sql in (q["sql"] for q in captured.captured_queries):
        if sql.lstrip().startswith("SELECT") and (
            tables := _full_scans(_plan(sql), strict=BIG_TABLES)
        ):
            scans[sql[:400]] = tables
    assert not scans, scans


def test_company_home_counts_entries_awaiting_a_cost_price_through_their_own_index(
    client, national
):
    """The referent's home counts the company's validated entries not valued yet: a handful
    among millions. The partial index of those entries serves the count, instead of every
    entry of every participation of the company (25 ms for a company of 200 employees at 10 %
    of the nation, 0.4 ms with the index)."""
    from metis.accounts.enums import Role
    from metis.accounts.models import Membership

    referent = (
        Membership.objects.current()
        .filter(role=Role.COMPANY_REFERENT)
        .select_related("user")
        .order_by("pk")[0]
        .user
    )
    client.force_login(referent)
    counts = [sql for sql in _queries(client, "/") if '"needs_timeentry"' in sql]
    assert counts, "the home counts no time entry"
    plans = ["\n".join(_plan(sql)) for sql in counts]
    assert any("time_entry_awaiting_cost_price" in plan for plan in plans), plans
    _assert_indexed(client, "/", strict=LINES)


def test_operator_territory_view_sums_declared_hours_through_their_own_index(client, national):
    """The operator's table of one territory's associations sums the hours awaiting validation:
    a few declared entries among every entry of the territory's participations. Their partial
    index serves the sum (17 ms at 10 % of the nation reading each participation's entries,
    3 ms with the index)."""
    from metis.organisations.models import Territory

    client.force_login(operator_staff_with_totp(Operator.objects.get()))
    url = reverse("reporting:dashboard") + f"?territory={Territory.objects.order_by('pk')[0].pk}"
    sums = [sql for sql in _queries(client, url) if "hours_to_validate" in sql]
    assert sums, "the page sums no declared hours"
    plans = ["\n".join(_plan(sql)) for sql in sums]
    assert all("time_entry_declared" in plan for plan in plans), plans
