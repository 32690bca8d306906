"""The yearly crediting of civic days at national size: seeds --accounts employees set-based,
opens the year (one posting, one line per person), runs the crediting again (it must credit no
one), then `ledger_check`; prints accounts, seconds, posting lines per second, peak memory and
the check's result. The planner statistics are refreshed (ANALYZE) after the seeding and after
the first crediting, as autovacuum does on a live database.

It runs in a database of its own, created then dropped (`--here`: in the configured database,
refused unless it holds no data): postings are immutable, benchmark ones must not land in a
real ledger."""

import resource
import time

from django.db import connection

from metis.civic.bench import seed_employees
from metis.civic.services import civic_year_open
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
        problems, checking = _timed(ledger_differences)
        check = "consistent" if not problems else f"{len(problems)} difference(s)"
        self.stdout.write(
            f"{'accounts':>9} | {'seconds':>7} | {'lines/s':>9} | {'rerun s':>7} | "
            f"{'peak MB':>7} | {'check s':>7} | ledger_check"
        )
        self.stdout.write(
            f"{lines - 1:>9} | {seconds:>7.2f} | {lines / seconds:>9.0f} | {rerun:>7.2f} | "
            f"{_peak_mb():>7.0f} | {checking:>7.2f} | {check}"
        )
        if again is not None:
            self.stderr.write("The second run credited someone again.")
        for problem in problems[:5]:
            self.stderr.write(f"  {problem}")
