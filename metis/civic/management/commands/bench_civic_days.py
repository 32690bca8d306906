"""The yearly crediting and closing of civic days at national size: seeds --accounts employees
set-based, opens the year (one posting, one line per person), runs the crediting again (it must
credit no one), closes the year (every unused hour expires: one posting), then `ledger_check`;
prints each step's posting lines, seconds and lines per second, the check's result and the peak
memory. The planner statistics are refreshed (ANALYZE) after the seeding and after
the first crediting, as autovacuum does on a live database.

It runs in a database of its own, created then dropped (`--here`: in the configured database,
refused unless it holds no data): postings are immutable, benchmark ones must not land in a
real ledger."""

import resource
import time

from django.db import connection

from metis.civic.bench import seed_employees
from metis.civic.services import civic_year_close, civic_year_open
from metis.core.bench import BenchCommand
from metis.ledger.checks import ledger_differences

YEAR = 2027


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _analyze():
    """Fresh planner statistics, as autovacuum keeps them on a live database (without them
    PostgreSQL plans the first queries on a million new rows as if the tables were empty)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Command(BenchCommand):
    help = "Seconds to credit the year's civic days to N employees (set-based), and ledger_check."

    def add_bench_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=1_000_000, help="employees")

    def bench(self, *, accounts, **options):
        _company, seeding = _timed(lambda: seed_employees(accounts))
        _analyze()
        self.stdout.write(
            f"Database: {connection.vendor}; {accounts} employees seeded in {seeding:.1f} s"
        )
        posting, seconds = _timed(lambda: civic_year_open(year=YEAR))
        lines = posting.lines.count() if posting else 0
        _analyze()
        again, rerun = _timed(lambda: civic_year_open(year=YEAR))
        closing, closing_seconds = _timed(lambda: civic_year_close(year=YEAR))
        closed_lines = closing.lines.count() if closing else 0
        problems, checking = _timed(ledger_differences)
        check = "consistent" if not problems else f"{len(problems)} difference(s)"
        self.stdout.write(f"{'step':<22} | {'lines':>9} | {'seconds':>7} | {'lines/s':>9}")
        for step, count, took in (
            ("open the year", lines, seconds),
            ("open it again", 0, rerun),
            ("close the year", closed_lines, closing_seconds),
        ):
            rate = f"{count / took:>9.0f}" if count else f"{'-':>9}"
            self.stdout.write(f"{step:<22} | {count:>9} | {took:>7.2f} | {rate}")
        self.stdout.write(f"{'ledger_check':<22} | {'':>9} | {checking:>7.2f} | {check}")
        self.stdout.write(f"Peak memory: {_peak_mb():.0f} MB")
        if again is not None:
            self.stderr.write("The second run credited someone again.")
        for problem in problems[:5]:
            self.stderr.write(f"  {problem}")
