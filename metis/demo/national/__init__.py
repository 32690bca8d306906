"""The national data set (`manage.py seed_national`): a nation's worth of organisations,
people, needs and years of activity with their ledger, written set-based in PostgreSQL."""

import math

from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import timezone

from metis.accounts.models import Membership, User, VolunteerProfile
from metis.ledger.models import Account, Posting, PostingLine
from metis.needs.models import Need, Participation, TimeEntry
from metis.organisations.models import Association, Company, Territory
from metis.programmes.models import MixedSubsidy, Pledge, Programme

from . import activity, ledger, people
from .people import Plan
from .sql import Steps, analyze, move_sequence, table

DEFAULTS = {"employees": 1_000_000, "associations": 100_000, "needs": 200_000, "years": 3}
WRITTEN = (
    User,
    EmailAddress,
    Membership,
    VolunteerProfile,
    Territory,
    Company,
    Association,
    Programme,
    Need,
    Pledge,
    MixedSubsidy,
    Participation,
    TimeEntry,
    Account,
    Posting,
    PostingLine,
)


def plan_for(*, employees, associations, needs, years, today=None) -> Plan:
    """The sizes: one territory per hundred associations (at least 3), one company per two
    hundred employees (at least as many as territories)."""
    today = today or timezone.localdate()
    territories = max(3, associations // 100)
    companies = max(territories, employees // 200)
    return Plan(
        employees=employees,
        associations=associations,
        needs=needs,
        years=years,
        territories=territories,
        companies=companies,
        first_year=today.year - years + 1,
        today=today,
    )


def scaled(scale: float, **sizes) -> dict:
    """The default sizes times `scale` (years kept), overridden by the sizes given."""
    result = {
        key: (value if key == "years" else max(1, math.ceil(value * scale)))
        for key, value in DEFAULTS.items()
    }
    result.update({key: value for key, value in sizes.items() if value is not None})
    return result


def seed_national(plan: Plan, steps: Steps | None = None) -> Steps:
    """Write the data set; each step's rows and seconds in `steps`."""
    steps = steps or Steps()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")  # a throwaway data set
        steps.run("Territories (real communes)", people.territories, cursor, plan)
        steps.run("Companies", people.companies, cursor, plan)
        steps.run("Associations", people.associations, cursor, plan)
        steps.run("Users", people.users, cursor, plan)
        steps.run("E-mail addresses (verified)", people.email_addresses, cursor, plan)
        steps.run("Memberships", people.memberships, cursor, plan)
        steps.run("Volunteer profiles (+ skills)", people.profiles, cursor, plan)
        people.programme_ids(cursor, plan)
        steps.run("Programmes", activity.programmes, cursor, plan)
        steps.run("Needs (+ skills)", people.needs, cursor, plan)
        steps.run("Participations planned (staging)", activity.stage_participations, cursor, plan)
        steps.run("Pledges and subsidies planned", activity.stage_amounts, cursor, plan)
        steps.run("Pledges and subsidies", activity.pledges_and_subsidies, cursor, plan)
        steps.run("Participations", activity.participations, cursor, plan)
        ranges = ledger.Ranges.of(cursor, plan)
        plan.time_posting_ids = ranges.time_validated
        steps.run("Ledger accounts", ledger.accounts, cursor, plan, ranges)
        steps.run("Postings", ledger.postings, cursor, plan, ranges)
        steps.run("Statistics of the referenced rows (ANALYZE)", _analyze_referenced, cursor)
        steps.run("Time entries", activity.time_entries, cursor, plan)
        steps.run("Posting lines", ledger.lines, cursor, plan, ranges)
        steps.run("Cached balances", ledger.balances, cursor, ranges)
        steps.run("Sequences and statistics (ANALYZE)", _finish, cursor)
        if not connection.in_atomic_block:
            steps.run("Visibility maps (VACUUM)", _vacuum, cursor)
    return steps


REFERENCED = (User, Participation, Account, Posting)


def _analyze_referenced(cursor) -> int:
    """The statistics of the rows that the time entries' and posting lines' foreign keys are
    checked against, before those are written. A table whose statistics were taken while it was
    empty (a test database's, after other tests) is otherwise read whole for each row checked:
    222 s instead of 0.1 s for 9,000 time entries at scale 0.001."""
    analyze(cursor, *(table(model) for model in REFERENCED))
    return len(REFERENCED)


def _finish(cursor) -> int:
    for model in WRITTEN:
        move_sequence(cursor, model)
    for name in ("nat_part", "nat_need", "nat_need_count", "nat_pledge", "nat_subsidy"):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute("DROP TABLE IF EXISTS nat_territory")
    cursor.execute("ANALYZE")
    return len(WRITTEN)


def _vacuum(cursor) -> int:
    """What autovacuum does after a bulk load, done before anyone reads: the visibility maps
    that index-only scans need (else they read every row's page) and the rows' hint bits (else
    the first read of each page writes it). PostgreSQL refuses VACUUM inside a transaction: a
    test's seeding (one transaction) skips it."""
    cursor.execute("VACUUM")
    return len(WRITTEN)


__all__ = ["DEFAULTS", "Plan", "Steps", "plan_for", "scaled", "seed_national"]
