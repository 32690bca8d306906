"""Render each dashboard N times as each role over a seeded territory; print median / p95 and
the number of SQL queries per page."""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from metis.core.bench import BenchCommand
from metis.notifications.services import emails_suspended
from metis.reporting.bench import seed


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class _Counter:
    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


class Command(BenchCommand):
    help = (
        "Seed a territory of 100 associations and a year of hours in a database of its own "
        "(created, then dropped), then time each dashboard as each role."
    )

    def add_bench_arguments(self, parser):
        parser.add_argument("--associations", type=int, default=100)
        parser.add_argument("--companies", type=int, default=10)
        parser.add_argument("--per-association", type=int, default=2)
        parser.add_argument("--runs", type=int, default=30)

    def bench(self, **options):
        started = time.perf_counter()
        with emails_suspended():  # seeding notifies people: keep the console quiet
            data = seed(
                associations=options["associations"],
                companies=options["companies"],
                per_association=options["per_association"],
            )
        self.stdout.write(
            f"seeded {options['associations']} associations, {data['entries']} time entries "
            f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*",)), "localhost")
        dashboard = reverse("reporting:dashboard")
        pages = [
            ("territory", data["officer"], dashboard),
            ("operator", data["operator_staff"], dashboard),
            ("company", data["referent"], dashboard),
            ("association", data["manager"], dashboard),
            ("volunteer", data["employee"], dashboard),
            ("impact (public)", None, reverse("reporting:impact", args=[data["programme"].pk])),
        ]
        self.stdout.write(f"{'page':<18} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, user, url in pages:
            client = Client(HTTP_HOST=host)
            if user is not None:
                client.force_login(user)
            response = client.get(url)  # warm-up (creates the calendar feed row once)
            assert response.status_code == 200, (name, response.status_code)
            # Django clears connection.queries at each request: count with a wrapper instead.
            counter = _Counter()
            with connection.execute_wrapper(counter):
                client.get(url)
            queries = counter.sql
            timings = []
            for _ in range(options["runs"]):
                t0 = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
            self.stdout.write(
                f"{name:<18} {statistics.median(timings):>10.1f} {_p95(timings):>8.1f}"
                f" {len(queries):>8}"
            )
