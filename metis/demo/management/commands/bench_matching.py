"""Timings of the matching in the platform on the demo territory (in a database of its own):
recommendations for a need and for a volunteer (pure function and page render), and a
territory allocation run from the database (read, score, solve, write), median and p95."""

import statistics
import time

from django.db import transaction
from django.test import Client
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.allocations import engine
from metis.allocations.models import AllocationRun
from metis.allocations.recommendations import recommend_needs, recommend_volunteers
from metis.core.bench import BenchCommand
from metis.demo.loader import load_everything
from metis.demo.territory import demo_exists
from metis.needs.models import Need
from metis.programmes.enums import ProgrammeStatus
from metis.programmes.models import Programme

DEMO_VOLUNTEER = "salarie@demo.metis.example"


class _Rollback(Exception):
    pass


def _stats(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


class Command(BenchCommand):
    help = (
        "Time recommendations and an allocation run on the demo territory, loaded into a "
        "database of its own (created, then dropped)."
    )

    def add_bench_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def _time(self, fn, runs):
        fn()  # warm-up (taxonomy, caches)
        out = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            out.append(1000 * (time.perf_counter() - t))
        return out

    def bench(self, *, runs, **options):
        if not demo_exists():
            self.stdout.write("Loading the demo…")
            load_everything()
        programme = Programme.objects.filter(status=ProgrammeStatus.OPEN).order_by("pk").first()
        need = max(
            Need.objects.filter(
                programme=programme, status="published", ends_on__gte=time.strftime("%Y-%m-%d")
            ),
            key=lambda n: len(recommend_volunteers(n)),
        )
        manager = (
            Membership.objects.current()
            .filter(role=Role.ASSOCIATION_MANAGER, association_id=need.association_id)
            .first()
            .user
        )
        employee = User.objects.filter(email=DEMO_VOLUNTEER).first() or (
            Membership.objects.current().filter(role=Role.EMPLOYEE).first().user
        )
        manager_client, employee_client = Client(), Client()
        manager_client.force_login(manager)
        employee_client.force_login(employee)
        need_url = reverse("needs:need_manage", args=[need.pk])
        you_url = reverse("needs:needs_for_you")

        def page(client, url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return get

        rows = [
            ("recommendations for a need (function)", lambda: recommend_volunteers(need), 200),
            ("need page with recommendations (render)", page(manager_client, need_url), 200),
            ("recommendations for a volunteer (function)", lambda: recommend_needs(employee), 200),
            ("needs for you page (render)", page(employee_client, you_url), 200),
        ]
        results = [(label, *_stats(self._time(fn, runs)), target) for label, fn, target in rows]

        officer = (
            Membership.objects.current()
            .filter(role=Role.TERRITORY_OFFICER, territory_id=programme.territory_id)
            .first()
        )
        requested_by = officer.user if officer else manager
        splits, totals, last = [], [], None
        for _ in range(runs + 1):
            try:
                with transaction.atomic():
                    run = AllocationRun.objects.create(
                        territory_id=programme.territory_id, requested_by=requested_by
                    )
                    run.programmes.set([programme])
                    t = time.perf_counter()
                    engine.compute(run)
                    totals.append(1000 * (time.perf_counter() - t))
                    splits.append(run.timings)
                    last = run
                    raise _Rollback  # the bench leaves the database as it found it
            except _Rollback:
                pass
        totals, splits = totals[1:], splits[1:]
        results.append(("territory allocation run from the DB (total)", *_stats(totals), 1000))
        for step in ("read", "score", "solve", "write"):
            med, p95 = _stats([s[step] for s in splits])
            results.append((f"  of which {step}", med, p95, None))

        self.stdout.write(
            f"bench_matching — {programme} · need #{need.pk} · volunteer {employee.email} · "
            f"{runs} runs"
        )
        self.stdout.write(f"{'measure':<48} {'median ms':>10} {'p95 ms':>10} {'target ms':>10}")
        for label, med, p95, target in results:
            flag = "" if target is None else ("  ok" if p95 < target else "  OVER")
            self.stdout.write(f"{label:<48} {med:>10.1f} {p95:>10.1f} {target or '':>10}{flag}")
        t = last.timings
        self.stdout.write(
            f"\ndemo run: {t['volunteers']} volunteers, {t['needs']} needs, {t['pairs']} pairs"
        )
        self.stdout.write(
            f"optimal: objective {last.objective} for {last.hours} h; first come first served: "
            f"objective {last.fcfs_objective} for {last.fcfs_hours} h; gain "
            f"+{last.gain_percent} % (Σ score × hours)"
        )
