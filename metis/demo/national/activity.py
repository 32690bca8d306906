"""The years of activity of the national data set: one programme per territory and year, the
companies' pledges and the associations' subsidies, the participations (three employees in
ten take part each year, on a need of their territory) and their time entries (validated; the
current year's last one awaits validation).

Staging tables (`nat_part`, `nat_pledge`, `nat_subsidy`, temporary) hold each row's numbers so
that the ledger (ledger.py) writes its postings from them by arithmetic."""

from metis.needs.enums import ParticipationOrigin, ParticipationStatus, TimeEntryStatus
from metis.needs.models import Need, Participation, TimeEntry
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme

from .people import Plan
from .sql import analyze, insert_select, max_id, table

# Each participation: ENTRIES time entries of 4 to 8 hours (4 + (p + k) mod 5), so that its
# entries add up to the same for all: 10 × 4 + 2 × (0 + 1 + 2 + 3 + 4) = 60 hours, all
# planned (and reserved) in past years; this year's participations reserve 20 hours more, left
# to declare.
ENTRIES = 10
DONE = 60
LEFT_THIS_YEAR = 20


def planned(plan: Plan, column="p.y") -> str:
    """SQL: the hours planned and reserved for a participation of year `column`."""
    return f"(CASE WHEN {column} = {plan.years - 1} THEN {DONE + LEFT_THIS_YEAR} ELSE {DONE} END)"


TAKING_PART = 3  # employees in ten taking part each year


def programmes(cursor, plan: Plan) -> int:
    y, t = plan.years, plan.territories
    return insert_select(
        cursor,
        Programme,
        {
            "id": "%s + g.x",
            "territory_id": f"%s + mod(g.x - 1, {t}) + 1",
            "name": f"'Programme ' || ({plan.first_year} + (g.x - 1) / {t})",
            "starts_on": f"make_date({plan.first_year} + (g.x - 1) / {t}, 1, 1)",
            "ends_on": f"make_date({plan.first_year} + (g.x - 1) / {t}, 12, 31)",
            "target_hours": "0",
            "reference_hourly_value": "50",
            "status": f"CASE WHEN (g.x - 1) / {t} = {y - 1} THEN %s ELSE %s END",
            "previous_id": f"CASE WHEN g.x > {t} THEN %s + g.x - {t} END",
        },
        "generate_series(1, %s) g(x)",
        [
            plan.programme_ids,
            plan.territory_ids,
            ProgrammeStatus.OPEN.value,
            ProgrammeStatus.CLOSED.value,
            plan.programme_ids,
            y * t,
        ],
    )


def stage_participations(cursor, plan: Plan) -> int:
    """nat_part: p (1..P), y, the employee i, company c, association a, territory t, need."""
    y, t, c = plan.years, plan.territories, plan.companies
    cursor.execute(
        "CREATE TEMP TABLE nat_need AS SELECT n.id AS need_id, "
        f"n.association_id - %s AS a, mod(n.association_id - %s - 1, {t}) + 1 AS t, "
        f"mod(n.id - %s - 1, {y}) AS y, ROW_NUMBER() OVER (PARTITION BY mod(n.id - %s - 1, {y}), "
        f"mod(n.association_id - %s - 1, {t}) ORDER BY n.id) - 1 AS rn FROM {table(Need)} n "
        "WHERE n.id > %s",
        [plan.association_ids] * 2 + [plan.need_ids] * 2 + [plan.association_ids, plan.need_ids],
    )
    cursor.execute("CREATE UNIQUE INDEX ON nat_need (y, t, rn)")
    cursor.execute(
        "CREATE TEMP TABLE nat_need_count AS SELECT y, t, COUNT(*) AS cnt FROM nat_need "
        "GROUP BY y, t"
    )
    analyze(cursor, "nat_need", "nat_need_count")
    cursor.execute(
        "CREATE TEMP TABLE nat_part AS SELECT ROW_NUMBER() OVER (ORDER BY e.y, e.i) AS p, "
        "e.y, e.i, e.c, e.t, n.a, n.need_id FROM ("
        f"SELECT s.i::bigint AS i, g.y, mod(s.i - 1, {c}) + 1 AS c, "
        f"mod(mod(s.i - 1, {c}), {t}) + 1 AS t "
        f"FROM generate_series(1, %s) s(i) CROSS JOIN generate_series(0, {y - 1}) g(y) "
        f"WHERE mod(s.i + g.y, 10) < {TAKING_PART}) e "
        "JOIN nat_need_count k ON k.y = e.y AND k.t = e.t "
        "JOIN nat_need n ON n.y = e.y AND n.t = e.t AND n.rn = mod(e.i * 7919 + e.y, k.cnt)",
        [plan.employees],
    )
    cursor.execute("CREATE UNIQUE INDEX ON nat_part (p)")
    analyze(cursor, "nat_part")
    cursor.execute("SELECT COUNT(*) FROM nat_part")
    plan.participations = cursor.fetchone()[0]
    return plan.participations


def stage_amounts(cursor, plan: Plan) -> int:
    """nat_subsidy: each association with a need in a year gets 110 % of its participations'
    hours plus 10; nat_pledge: each company pledges its own participations' hours, its share
    of what the subsidies add in its territory, plus 50 (so that no account goes below zero)."""
    t, c = plan.territories, plan.companies
    cursor.execute(
        "CREATE TEMP TABLE nat_subsidy AS SELECT n.y, n.a, MIN(n.t) AS t, "
        f"COALESCE(MAX(pp.planned), 0) AS planned, "
        f"COALESCE(MAX(pp.planned), 0) * 11 / 10 + 10 AS hours FROM nat_need n "
        f"LEFT JOIN (SELECT y, a, SUM({planned(plan, 'y')}) AS planned FROM nat_part "
        "GROUP BY y, a) pp "
        "ON pp.y = n.y AND pp.a = n.a GROUP BY n.y, n.a"
    )
    cursor.execute(
        "CREATE TEMP TABLE nat_pledge AS SELECT g.y, s.c, mod(s.c - 1, %s) + 1 AS t, "
        f"COALESCE(pc.planned, 0) + COALESCE(CEIL(ex.extra / cc.n), 0) + 50 AS hours "
        f"FROM generate_series(1, %s) s(c) CROSS JOIN generate_series(0, {plan.years - 1}) g(y) "
        f"LEFT JOIN (SELECT y, c, SUM({planned(plan, 'y')}) AS planned FROM nat_part "
        "GROUP BY y, c) pc "
        "ON pc.y = g.y AND pc.c = s.c "
        "LEFT JOIN (SELECT y, t, SUM(hours - planned) AS extra FROM nat_subsidy GROUP BY y, t) ex "
        f"ON ex.y = g.y AND ex.t = mod(s.c - 1, {t}) + 1 "
        f"JOIN (SELECT mod(x - 1, {t}) + 1 AS t, COUNT(*) AS n FROM generate_series(1, {c}) x "
        f"GROUP BY 1) cc ON cc.t = mod(s.c - 1, {t}) + 1",
        [t, c],
    )
    analyze(cursor, "nat_subsidy", "nat_pledge")
    cursor.execute("SELECT (SELECT COUNT(*) FROM nat_subsidy) + (SELECT COUNT(*) FROM nat_pledge)")
    return cursor.fetchone()[0]


def _year(plan, column="y"):
    return f"({plan.first_year} + {column})::int"


def pledges_and_subsidies(cursor, plan: Plan) -> int:
    plan.pledge_ids = max_id(cursor, Pledge)
    plan.subsidy_ids = max_id(cursor, MixedSubsidy)
    t, c, a = plan.territories, plan.companies, plan.associations
    count = insert_select(
        cursor,
        Pledge,
        {
            "id": f"%s + s.y * {c} + s.c",
            "programme_id": f"%s + s.y * {t} + s.t",
            "company_id": "%s + s.c",
            "hours": "s.hours",
            "starts_on": f"make_date({_year(plan, 's.y')}, 1, 1)",
            "ends_on": f"make_date({_year(plan, 's.y')}, 12, 31)",
            "signer_name": "'Direction générale'",
            "signer_title": "'Directeur général'",
            "signed_on": f"make_date({_year(plan, 's.y')}, 1, 10)",
            "status": "%s",
        },
        "nat_pledge s",
        [plan.pledge_ids, plan.programme_ids, plan.company_ids, PledgeStatus.SIGNED.value],
    )
    count += insert_select(
        cursor,
        MixedSubsidy,
        {
            "id": f"%s + s.y * {a} + s.a",
            "programme_id": f"%s + s.y * {t} + s.t",
            "association_id": "%s + s.a",
            "cash_current_period": "1000 + mod(s.a, 10) * 500",
            "hours_credit": "s.hours",
            "status": "%s",
            "deliberation_reference": "'DEL-' || " + _year(plan, "s.y") + " || '-' || s.a",
            "deliberation_date": f"make_date({_year(plan, 's.y')}, 1, 20)",
        },
        "nat_subsidy s",
        [plan.subsidy_ids, plan.programme_ids, plan.association_ids, SubsidyStatus.VOTED.value],
    )
    cursor.execute(
        f"UPDATE {table(Programme)} g SET target_hours = s.hours FROM (SELECT y, t, "
        "SUM(hours) AS hours FROM nat_pledge GROUP BY y, t) s "
        f"WHERE g.id = %s + s.y * {t} + s.t",
        [plan.programme_ids],
    )
    return count


def participations(cursor, plan: Plan) -> int:
    plan.participation_ids = max_id(cursor, Participation)
    current = plan.years - 1
    year = _year(plan, "p.y")
    return insert_select(
        cursor,
        Participation,
        {
            "id": "%s + p.p",
            "need_id": "p.need_id",
            "volunteer_id": "%s + p.i",
            "company_id": "%s + p.c",
            "origin": "%s",
            "status": f"CASE WHEN p.y = {current} THEN %s ELSE %s END",
            "planned_hours": planned(plan),
            "planned_starts_on": f"make_date({year}, 1, 2)",
            "planned_ends_on": f"make_date({year}, 12, 31)",
            "reserved_hours": planned(plan),
            "approved_by_id": "%s + p.c",
            "approved_at": f"make_date({year}, 1, 2)::timestamptz",
            "activated_at": f"make_date({year}, 1, 2)::timestamptz",
            "ended_at": f"CASE WHEN p.y < {current} "
            f"THEN make_date({year}, 12, 31)::timestamptz END",
            "ended_by_id": f"CASE WHEN p.y < {current} THEN %s + p.a END",
            "created_at": f"make_date({year}, 1, 2)::timestamptz",
        },
        "nat_part p",
        [
            plan.participation_ids,
            plan.users,
            plan.company_ids,
            ParticipationOrigin.APPLICATION.value,
            ParticipationStatus.ACTIVE.value,
            ParticipationStatus.COMPLETED.value,
            plan.referents,
            plan.managers,
        ],
    )


def entry_date(plan: Plan) -> str:
    """SQL: the date of entry k of participation p (in nat_part p, k): spread over the year,
    up to today for the current year."""
    days = max((plan.today - plan.today.replace(month=1, day=2)).days, ENTRIES)
    span = f"CASE WHEN p.y = {plan.years - 1} THEN {days} ELSE 360 END"
    return f"(make_date({_year(plan, 'p.y')}, 1, 2) + (k.k * ({span}) / {ENTRIES})::int)"


def entry_hours() -> str:
    return "4 + mod(p.p + k.k, 5)"


def is_validated(plan: Plan) -> str:
    return f"NOT (p.y = {plan.years - 1} AND k.k = {ENTRIES - 1})"


def time_entries(cursor, plan: Plan) -> int:
    """Entry k of participation p has id `entries + (p - 1) * ENTRIES + k + 1`; a validated
    one is posted by the posting of the same number in the time-validated range."""
    plan.entry_ids = max_id(cursor, TimeEntry)
    validated = is_validated(plan)
    date = entry_date(plan)
    return insert_select(
        cursor,
        TimeEntry,
        {
            "id": f"%s + (p.p - 1) * {ENTRIES} + k.k + 1",
            "participation_id": "%s + p.p",
            "date": date,
            "hours": entry_hours(),
            "description": "'Mission du jour'",
            "status": f"CASE WHEN {validated} THEN %s ELSE %s END",
            "validated_by_id": f"CASE WHEN {validated} THEN %s + p.a END",
            "validated_at": f"CASE WHEN {validated} THEN ({date} + 3)::timestamptz END",
            "posting_id": f"CASE WHEN {validated} THEN %s + (p.p - 1) * {ENTRIES} + k.k + 1 END",
            "hourly_cost": f"CASE WHEN {validated} THEN 40 + mod(p.c, 30) END",
            "value": f"CASE WHEN {validated} THEN ({entry_hours()}) * (40 + mod(p.c, 30)) END",
            "created_at": f"({date})::timestamptz",
        },
        f"nat_part p CROSS JOIN generate_series(0, {ENTRIES - 1}) k(k)",
        [
            plan.entry_ids,
            plan.participation_ids,
            TimeEntryStatus.VALIDATED.value,
            TimeEntryStatus.DECLARED.value,
            plan.managers,
            plan.time_posting_ids,
        ],
    )
