"""A nation's data set in PostgreSQL, set-based, with each step's time (docs/scaling.md):

    manage.py seed_national [--employees 1000000] [--associations 100000] [--needs 200000]
                            [--years 3] [--scale 0.01] [--here]

By default it creates a database of its own, seeds it, checks the ledger (`ledger_check`),
prints the table and drops the database. With `--here` it seeds the configured database and
keeps the data (the load test does so), refused unless that database holds no data."""

import time

from django.core.management.base import CommandError
from django.db import connection

from metis.core.bench import BenchCommand
from metis.demo.national import DEFAULTS, Steps, plan_for, scaled, seed_national
from metis.ledger.checks import ledger_differences


class Command(BenchCommand):
    help = __doc__.split("\n")[0]

    def add_bench_arguments(self, parser):
        for name, value in DEFAULTS.items():
            parser.add_argument(f"--{name}", type=int, default=None, help=f"Default {value:,}.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies the default sizes (not the years): 0.01 for a small data set.",
        )
        parser.add_argument(
            "--no-check", action="store_true", help="Skip the ledger check at the end."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_national writes PostgreSQL's SQL: set DATABASE_URL.")
        super().handle(*args, **options)

    def bench(self, *, scale, no_check=False, **options):
        sizes = scaled(scale, **{name: options.get(name) for name in DEFAULTS})
        plan = plan_for(**sizes)
        self.stdout.write(
            f"National data set: {plan.employees:,} employees in {plan.companies:,} companies, "
            f"{plan.associations:,} associations, {plan.needs:,} needs, {plan.territories:,} "
            f"territories, {plan.years} years ({plan.first_year}-{plan.today.year})."
        )
        steps = seed_national(plan, Steps())
        if not no_check:
            started = time.perf_counter()
            problems = ledger_differences()
            steps.rows.append(("ledger_check", len(problems), time.perf_counter() - started))
            for problem in problems[:20]:
                self.stderr.write(problem)
        self.stdout.write(steps.table())
        if not no_check:
            if problems:
                raise CommandError(f"{len(problems)} difference(s) in the ledger.")
            self.stdout.write("Ledger consistent (ledger_check: no difference).")
