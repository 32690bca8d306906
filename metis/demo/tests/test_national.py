"""`seed_national` at a tiny scale on PostgreSQL: the sizes asked, a consistent ledger, and
no writing into a database that holds data."""

import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import PostingEvent
from metis.ledger.models import Account, Posting
from metis.needs.enums import NeedStatus, ParticipationStatus, TimeEntryStatus
from metis.needs.models import Need, Participation, TimeEntry
from metis.organisations.models import Association, Company, Territory
from metis.organisations.tests.factories import CompanyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _seed(**sizes):
    out = io.StringIO()
    call_command("seed_national", here=True, stdout=out, **sizes)
    return out.getvalue()


def test_seeds_the_sizes_asked_with_a_clean_ledger():
    output = _seed(scale=0.001)  # 1,000 employees, 100 associations, 200 needs, 3 years
    employees = Membership.objects.filter(role=Role.EMPLOYEE)
    assert employees.count() == 1000
    assert User.objects.filter(pk__in=employees.values("user")).count() == 1000
    # every person can log in: allauth finds their address verified
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()
    assert Association.objects.count() == 100
    assert Need.objects.count() == 200
    assert Territory.objects.count() == 3
    assert Company.objects.count() == 5
    # three employees in ten take part each year, ten time entries each
    participations = Participation.objects.count()
    assert participations == 900
    assert TimeEntry.objects.count() == participations * 10
    current = Need.objects.filter(status=NeedStatus.PUBLISHED)
    assert current.exists() and current.filter(skills_required__isnull=False).exists()
    validated = TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED)
    assert validated.filter(posting__isnull=True).count() == 0
    assert Posting.objects.filter(event=PostingEvent.TIME_VALIDATED).count() == validated.count()
    # this year's participations keep hours to declare (the load test declares them)
    active = Participation.objects.filter(status=ParticipationStatus.ACTIVE)
    assert active.count() == 300 and {p.reserved_hours for p in active} == {Decimal(80)}
    assert ledger_differences() == []
    assert not Account.objects.filter(must_stay_non_negative=True, balance__lt=0).exists()
    assert "ledger_check" in output and "Posting lines" in output
    out = io.StringIO()
    call_command("ledger_check", stdout=out)
    assert "Ledger consistent" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_leaves_the_tables_vacuumed_when_not_inside_a_transaction(reference_data):
    """As the command runs from a shell (the load test's): every page of the big tables is
    marked all-visible, so that index-only scans read no row and no first read writes."""
    output = _seed(scale=0.001)
    assert "Visibility maps (VACUUM)" in output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname IN "
            "('needs_timeentry', 'ledger_postingline', 'needs_need', 'needs_participation')"
        )
        pages = {name: (total, visible) for name, total, visible in cursor.fetchall()}
    assert len(pages) == 4
    assert all(total > 0 and visible == total for total, visible in pages.values()), pages


def _rows_read_whole(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = %s", [name]
        )
        return cursor.fetchone()[0]


def test_foreign_keys_are_checked_by_index_after_statistics_taken_empty():
    """A test database's tables may have been analysed while empty: the postings and
    participations are analysed again before the rows referencing them are written, so that
    each reference is checked through the primary key, not by reading the whole table: the
    seeding's own steps read each table whole a few times (8 for the postings), a check per
    row would read it once per row written (9,000 time entries)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ledger_posting, needs_participation")
    _seed(scale=0.001, no_check=True)  # the ledger's check reads everything, on purpose
    postings = Posting.objects.count()
    assert _rows_read_whole("ledger_posting") < 100 * postings
    assert _rows_read_whole("needs_participation") < 100 * Participation.objects.count()


def test_a_seeding_inside_a_transaction_only_analyzes():
    """A test's seeding runs in one transaction, where PostgreSQL refuses VACUUM."""
    output = _seed(scale=0.001)
    assert "Sequences and statistics (ANALYZE)" in output
    assert "VACUUM" not in output


def test_the_sizes_given_override_the_scale():
    _seed(scale=0.001, employees=400, associations=30, needs=60, years=2)
    assert Membership.objects.filter(role=Role.EMPLOYEE).count() == 400
    assert Need.objects.count() == 60
    assert Participation.objects.count() == 2 * 400 * 3 // 10
    assert ledger_differences() == []


def test_refuses_a_database_that_holds_data():
    CompanyFactory()
    with pytest.raises(CommandError, match="already holds"):
        _seed(scale=0.001)
    assert Need.objects.count() == 0


def test_bench_national_pages_times_every_page_of_the_national_scale():
    out = io.StringIO()
    call_command("bench_national_pages", here=True, scale=0.001, runs=1, stdout=out)
    lines = out.getvalue().splitlines()
    rows = {line[:24].strip(): line.split() for line in lines[2:]}
    assert "catalogue search" in rows and "dashboard (territory)" in rows
    assert len(rows) == 23
    # A repeated browse or search is served from the kept results; computed, it reads needs.
    kept = {"catalogue", "catalogue search"}
    assert all(int(rows[name][-2]) == 0 for name in kept)
    assert all(int(row[-2]) > 0 for name, row in rows.items() if name not in kept)
