"""The ledger of the national data set, written set-based as the services would have posted it
one event at a time (metis.ledger.services.events): per pledge `pledge_signed` (pledge:c,
commitments, pool, funding), per subsidy `allocation_voted` (pool, credit:a), per participation
`reservation_made` (credit:a, reserved_credit:p, pledge:c, reserved_pledge:p) and per validated
time entry `time_validated` (reserved_credit:p, delivered:a, reserved_pledge:p, used:c).

Accounts and postings get explicit ids in ranges (`Ranges`), so that each line finds its
posting and accounts by arithmetic; every posting's lines sum to zero by construction, and the
cached balances are set at the end from the sum of the lines (one UPDATE), as `ledger_check`
recomputes them."""

from dataclasses import dataclass

from metis.ledger.enums import NON_NEGATIVE_KINDS, AccountKind, PostingEvent
from metis.ledger.models import Account, Posting, PostingLine

from .activity import ENTRIES, entry_date, entry_hours, is_validated, planned
from .people import Plan
from .sql import insert_select, max_id, table

PROGRAMME_KINDS = (AccountKind.COMMITMENTS, AccountKind.FUNDING, AccountKind.POOL)


@dataclass
class Ranges:
    """First id (minus one) of each range of accounts and postings."""

    programme: int  # 3 per programme: commitments, funding, pool
    pledge: int  # per year and company
    used: int
    credit: int  # per year and association
    delivered: int
    reserved_credit: int  # per participation
    reserved_pledge: int
    pledge_signed: int  # postings
    allocation_voted: int
    reservation_made: int
    time_validated: int

    @classmethod
    def of(cls, cursor, plan: Plan) -> "Ranges":
        y, t, c, a, p = (
            plan.years,
            plan.territories,
            plan.companies,
            plan.associations,
            plan.participations,
        )
        account = max_id(cursor, Account)
        posting = max_id(cursor, Posting)
        return cls(
            programme=account,
            pledge=account + 3 * y * t,
            used=account + 3 * y * t + y * c,
            credit=account + 3 * y * t + 2 * y * c,
            delivered=account + 3 * y * t + 2 * y * c + y * a,
            reserved_credit=account + 3 * y * t + 2 * y * c + 2 * y * a,
            reserved_pledge=account + 3 * y * t + 2 * y * c + 2 * y * a + p,
            pledge_signed=posting,
            allocation_voted=posting + y * c,
            reservation_made=posting + y * c + y * a,
            time_validated=posting + y * c + y * a + p,
        )

    def programme_account(self, kind: AccountKind, programme_index: str) -> str:
        """SQL: the id of a programme's account, `programme_index` = y * T + t."""
        return (
            f"({self.programme} + 3 * ({programme_index} - 1) + {PROGRAMME_KINDS.index(kind) + 1})"
        )


def _kind(kind: AccountKind) -> str:
    return f"'{kind.value}'"


def _non_negative(kind: AccountKind) -> str:
    return "TRUE" if kind in NON_NEGATIVE_KINDS else "FALSE"


def accounts(cursor, plan: Plan, ranges: Ranges) -> int:
    y, t, c, a = plan.years, plan.territories, plan.companies, plan.associations
    count = 0
    for kind in PROGRAMME_KINDS:
        count += insert_select(
            cursor,
            Account,
            {
                "id": ranges.programme_account(kind, "g.x"),
                "programme_id": "%s + g.x",
                "kind": _kind(kind),
                "must_stay_non_negative": _non_negative(kind),
                "balance": "0",
            },
            "generate_series(1, %s) g(x)",
            [plan.programme_ids, y * t],
        )
    for kind, start, holder, source in (
        (AccountKind.PLEDGE, ranges.pledge, "company", "nat_pledge"),
        (AccountKind.USED, ranges.used, "company", "nat_pledge"),
        (AccountKind.CREDIT, ranges.credit, "association", "nat_subsidy"),
        (AccountKind.DELIVERED, ranges.delivered, "association", "nat_subsidy"),
    ):
        letter, size, first = (
            ("c", c, plan.company_ids) if holder == "company" else ("a", a, plan.association_ids)
        )
        count += insert_select(
            cursor,
            Account,
            {
                "id": f"{start} + s.y * {size} + s.{letter}",
                "programme_id": f"%s + s.y * {t} + s.t",
                "kind": _kind(kind),
                f"{holder}_id": f"{first} + s.{letter}",
                "must_stay_non_negative": _non_negative(kind),
                "balance": "0",
            },
            f"{source} s",
            [plan.programme_ids],
        )
    for kind, start, holder, letter, first in (
        (
            AccountKind.RESERVED_CREDIT,
            ranges.reserved_credit,
            "association",
            "a",
            plan.association_ids,
        ),
        (AccountKind.RESERVED_PLEDGE, ranges.reserved_pledge, "company", "c", plan.company_ids),
    ):
        count += insert_select(
            cursor,
            Account,
            {
                "id": f"{start} + p.p",
                "programme_id": f"%s + p.y * {t} + p.t",
                "kind": _kind(kind),
                f"{holder}_id": f"{first} + p.{letter}",
                "reference_id": f"{plan.participation_ids} + p.p",
                "must_stay_non_negative": _non_negative(kind),
                "balance": "0",
            },
            "nat_part p",
            [plan.programme_ids],
        )
    return count


def _postings(cursor, plan, event, id_sql, programme_sql, date_sql, by_sql, memo, key, source):
    return insert_select(
        cursor,
        Posting,
        {
            "id": id_sql,
            "programme_id": f"{plan.programme_ids} + {programme_sql}",
            "event": f"'{event.value}'",
            "occurred_on": date_sql,
            "created_at": f"({date_sql})::timestamptz",
            "created_by_id": by_sql,
            "memo": memo,
            "idempotency_key": key,
        },
        source,
    )


def postings(cursor, plan: Plan, ranges: Ranges) -> int:
    t, c, a = plan.territories, plan.companies, plan.associations
    year = f"({plan.first_year} + s.y)::int"
    count = _postings(
        cursor,
        plan,
        PostingEvent.PLEDGE_SIGNED,
        f"{ranges.pledge_signed} + s.y * {c} + s.c",
        f"s.y * {t} + s.t",
        f"make_date({year}, 1, 10)",
        f"{plan.referents} + s.c",
        f"'pledge ' || ({plan.pledge_ids} + s.y * {c} + s.c)",
        f"'pledge-signed-' || ({plan.pledge_ids} + s.y * {c} + s.c)",
        "nat_pledge s",
    )
    count += _postings(
        cursor,
        plan,
        PostingEvent.ALLOCATION_VOTED,
        f"{ranges.allocation_voted} + s.y * {a} + s.a",
        f"s.y * {t} + s.t",
        f"make_date({year}, 1, 20)",
        f"{plan.officers} + s.t",
        f"'subsidy ' || ({plan.subsidy_ids} + s.y * {a} + s.a)",
        f"'subsidy-voted-' || ({plan.subsidy_ids} + s.y * {a} + s.a)",
        "nat_subsidy s",
    )
    participation = f"({plan.participation_ids} + p.p)"
    count += _postings(
        cursor,
        plan,
        PostingEvent.RESERVATION_MADE,
        f"{ranges.reservation_made} + p.p",
        f"p.y * {t} + p.t",
        f"make_date(({plan.first_year} + p.y)::int, 1, 2)",
        f"{plan.referents} + p.c",
        f"'participation ' || {participation} || ' approved'",
        f"'participation-approved-' || {participation}",
        "nat_part p",
    )
    entry = f"((p.p - 1) * {ENTRIES} + k.k + 1)"
    count += _postings(
        cursor,
        plan,
        PostingEvent.TIME_VALIDATED,
        f"{ranges.time_validated} + {entry}",
        f"p.y * {t} + p.t",
        f"{entry_date(plan)} + 3",
        f"{plan.managers} + p.a",
        f"'time entry ' || ({plan.entry_ids} + {entry})",
        f"'time-entry-validated-' || ({plan.entry_ids} + {entry})",
        f"nat_part p CROSS JOIN generate_series(0, {ENTRIES - 1}) k(k) WHERE {is_validated(plan)}",
    )
    return count


def _lines(cursor, posting_sql, legs, source):
    """One INSERT ... SELECT of the lines of a set of postings: `legs` is a list of (account
    SQL, amount SQL), one line each per row of `source`."""
    cases_account = " ".join(f"WHEN {i} THEN {acc}" for i, (acc, _) in enumerate(legs, 1))
    cases_amount = " ".join(f"WHEN {i} THEN {amt}" for i, (_, amt) in enumerate(legs, 1))
    return insert_select(
        cursor,
        PostingLine,
        {
            "posting_id": posting_sql,
            "account_id": f"CASE leg.n {cases_account} END",
            "amount": f"CASE leg.n {cases_amount} END",
        },
        f"{source} CROSS JOIN generate_series(1, {len(legs)}) leg(n)"
        if " WHERE " not in source
        else source.replace(
            " WHERE ", f" CROSS JOIN generate_series(1, {len(legs)}) leg(n) WHERE "
        ),
    )


def lines(cursor, plan: Plan, ranges: Ranges) -> int:
    t, c, a = plan.territories, plan.companies, plan.associations
    programme = f"(s.y * {t} + s.t)"
    pledge = f"({ranges.pledge} + s.y * {c} + s.c)"
    count = _lines(
        cursor,
        f"{ranges.pledge_signed} + s.y * {c} + s.c",
        [
            (pledge, "s.hours"),
            (ranges.programme_account(AccountKind.COMMITMENTS, programme), "-s.hours"),
            (ranges.programme_account(AccountKind.POOL, programme), "s.hours"),
            (ranges.programme_account(AccountKind.FUNDING, programme), "-s.hours"),
        ],
        "nat_pledge s",
    )
    count += _lines(
        cursor,
        f"{ranges.allocation_voted} + s.y * {a} + s.a",
        [
            (ranges.programme_account(AccountKind.POOL, programme), "-s.hours"),
            (f"{ranges.credit} + s.y * {a} + s.a", "s.hours"),
        ],
        "nat_subsidy s",
    )
    credit = f"{ranges.credit} + p.y * {a} + p.a"
    pledge = f"{ranges.pledge} + p.y * {c} + p.c"
    count += _lines(
        cursor,
        f"{ranges.reservation_made} + p.p",
        [
            (credit, f"-{planned(plan)}"),
            (f"{ranges.reserved_credit} + p.p", planned(plan)),
            (pledge, f"-{planned(plan)}"),
            (f"{ranges.reserved_pledge} + p.p", planned(plan)),
        ],
        "nat_part p",
    )
    hours = entry_hours()
    count += _lines(
        cursor,
        f"{ranges.time_validated} + (p.p - 1) * {ENTRIES} + k.k + 1",
        [
            (f"{ranges.reserved_credit} + p.p", f"-({hours})"),
            (f"{ranges.delivered} + p.y * {a} + p.a", hours),
            (f"{ranges.reserved_pledge} + p.p", f"-({hours})"),
            (f"{ranges.used} + p.y * {c} + p.c", hours),
        ],
        f"nat_part p CROSS JOIN generate_series(0, {ENTRIES - 1}) k(k) WHERE {is_validated(plan)}",
    )
    return count


def balances(cursor, ranges: Ranges) -> int:
    """The cached balances, from the sum of the lines (what `ledger_check` recomputes)."""
    cursor.execute(
        f"UPDATE {table(Account)} a SET balance = s.total FROM (SELECT account_id, "
        f"SUM(amount) AS total FROM {table(PostingLine)} WHERE account_id > %s "
        "GROUP BY account_id) s WHERE a.id = s.account_id",
        [ranges.programme],
    )
    return cursor.rowcount
