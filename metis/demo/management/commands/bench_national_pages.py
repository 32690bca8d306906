"""Time the pages of the national scale (docs/scaling.md) one request at a time over the
national data set: `seed_national --scale` in a database of its own (created, then dropped),
then each page N times as the person it is for. Prints per page the median and p95 wall time,
the median CPU time of this process (Python and templates), the number of SQL queries and
their time. What the load test adds on top is waiting for the CPU.

The catalogue's results are kept (needs/catalogue_cache.py): its rows time a repeated browse
and search as served, the rows "(not kept)" the same pages computed again, the kept results
renewed before each request, and "search, other communes" the same search made by a person of
another commune at each request (the distances measured from each one's commune)."""

import statistics
import time

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.core.bench import BenchCommand
from metis.demo.national import Steps, plan_for, scaled, seed_national
from metis.needs.catalogue import person_commune
from metis.needs.catalogue_cache import needs_changed
from metis.needs.models import Need, Participation
from metis.programmes.models import Programme


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _member(role, **organisation):
    return Membership.objects.current().filter(role=role, **organisation).order_by("pk")[0].user


def _of_other_communes(count: int) -> list:
    """`count` employees, each of another commune (where the catalogue measures from) while
    there are communes enough, then again from the first."""
    by_commune = {}
    for membership in (
        Membership.objects.current().filter(role=Role.EMPLOYEE).select_related("user")
    ).order_by("pk")[: count * 50]:
        commune = person_commune(membership.user)
        by_commune.setdefault(getattr(commune, "pk", None), membership.user)
        if len(by_commune) == count:
            break
    people = list(by_commune.values())
    return [people[n % len(people)] for n in range(count)]


def pages(people: int = 11) -> list[tuple[str, object, str]]:
    """(page, who, address): the first active participation's volunteer, the manager of its
    association, the referent of its employer and the officer of its territory; for the search
    of a person of another commune, `people` employees of distinct communes."""
    participation = (
        Participation.objects.filter(status="active")
        .select_related("need__programme")
        .order_by("pk")[0]
    )
    need = participation.need
    employee = participation.volunteer
    manager = _member(Role.ASSOCIATION_MANAGER, association_id=need.association_id)
    referent = _member(Role.COMPANY_REFERENT, company_id=participation.company_id)
    officer = _member(Role.TERRITORY_OFFICER, territory__programmes=need.programme_id)
    operator = _member(Role.OPERATOR_STAFF)
    if not is_mfa_enabled(operator):  # operator staff need a second factor (a throwaway base)
        TOTP.activate(operator, generate_totp_secret())
    programme = Programme.objects.exclude(status="draft").order_by("-pk")[0]
    shown = Need.objects.visible_in_catalogue().order_by("pk")[0]
    catalogue = reverse("needs:catalogue")
    dashboard = reverse("reporting:dashboard")
    return [
        ("catalogue", None, catalogue),
        ("catalogue search", None, f"{catalogue}?q=communication"),
        ("catalogue (not kept)", None, catalogue),
        ("search (not kept)", None, f"{catalogue}?q=communication"),
        ("search, other communes", _of_other_communes(people), f"{catalogue}?q=communication"),
        ("need page", None, reverse("needs:public_detail", args=[shown.pk])),
        ("impact page", None, reverse("reporting:impact", args=[programme.pk])),
        ("national counter", None, reverse("civic:counter")),
        ("home (employee)", employee, "/"),
        ("dashboard (employee)", employee, dashboard),
        ("needs for you", employee, reverse("needs:needs_for_you")),
        ("my participations", employee, reverse("needs:my_participations")),
        ("participation page", employee, f"/participations/{participation.pk}/"),
        ("home (association)", manager, "/"),
        ("dashboard (association)", manager, dashboard),
        ("hours to validate", manager, "/association/heures/"),
        ("home (company)", referent, "/"),
        ("dashboard (company)", referent, dashboard),
        ("approvals", referent, "/entreprise/approbations/"),
        ("home (territory)", officer, "/"),
        ("dashboard (territory)", officer, dashboard),
        ("dashboard (operator)", operator, dashboard),
        (
            "operator, one territory",
            operator,
            f"{dashboard}?territory={need.programme.territory_id}",
        ),
    ]


class Command(BenchCommand):
    help = (
        "Seed the national data set at a scale in a database of its own (created, then "
        "dropped), then time each page of the national scale one request at a time."
    )

    def add_bench_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01)
        parser.add_argument("--runs", type=int, default=10)

    def bench(self, *, scale, runs, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The national data set is PostgreSQL's: set DATABASE_URL.")
        started = time.perf_counter()
        plan = plan_for(**scaled(scale))
        seed_national(plan, Steps())
        self.stdout.write(
            f"national data set at scale {scale}: {plan.employees:,} employees, "
            f"{plan.associations:,} associations, {plan.needs:,} needs, {plan.years} years, "
            f"seeded in {time.perf_counter() - started:.0f} s; {runs} runs per page"
        )
        header = f"{'page':<24} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'queries':>7}"
        self.stdout.write(f"{header} {'SQL ms':>7}")
        clients = {}
        for name, who, url in pages(people=runs + 1):
            renew = needs_changed if name.endswith("(not kept)") else lambda: None
            if isinstance(who, list):  # another person at each request
                client, people = Client(), who
            else:
                client, people = clients.get(who), None
                if client is None:
                    client = clients[who] = Client()
                    if who is not None:
                        client.force_login(who)
            walls, cpus, sql = [], [], []
            for run in range(runs + 1):  # the first is the warm-up
                renew()
                if people:
                    client.force_login(people[run])
                with CaptureQueriesContext(connection) as queries:
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    walls.append((time.perf_counter() - wall) * 1000)
                    cpus.append((time.process_time() - cpu) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{name}: status {response.status_code} at {url}")
                sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            walls, cpus, sql = walls[1:], cpus[1:], sql[1:]
            self.stdout.write(
                f"{name:<24} {statistics.median(walls):>9.1f} {_p95(walls):>7.1f} "
                f"{statistics.median(cpus):>7.1f} {len(queries.captured_queries):>7} "
                f"{statistics.median(sql):>7.1f}"
            )
