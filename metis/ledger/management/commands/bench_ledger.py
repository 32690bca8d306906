"""Postings per second with 1, 4 and 16 concurrent writers on the configured database.

Each writer has its own database connection and allocates 1 h at a time from one shared pool
(the hot row every allocation locks) to its own association's credit, until the pool refuses.
The pool is funded with exactly --postings hours per round, so a correct ledger makes exactly
that many allocations and no more: any extra is an overdraft.

The data stays (postings are immutable): it lives in a dedicated benchmark operator, territory
and programme, invisible to every real operator's staff and officers.
"""

import threading
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, connections
from django.utils import timezone

from metis.ledger import services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.services import InsufficientBalance, account_for
from metis.organisations.enums import FieldOfAction, OrganisationStatus
from metis.organisations.models import Association, Commune, Operator, Territory
from metis.programmes import services as programme_services

BENCH_OPERATOR = "METIS — banc d'essai du grand livre"


def _bench_programme(writers_max, index=0):
    operator, _ = Operator.objects.get_or_create(
        name=BENCH_OPERATOR, defaults={"status": OrganisationStatus.ACTIVE}
    )
    territories = list(Territory.objects.filter(operator=operator).order_by("pk"))
    while len(territories) <= index:
        commune = Commune.objects.filter(territory__isnull=True).order_by("insee_code").first()
        territories.append(
            Territory.objects.create(
                name=f"Banc d'essai {len(territories)}",
                commune=commune,
                operator=operator,
                status=OrganisationStatus.ACTIVE,
            )
        )
    territory = territories[index]
    today = timezone.localdate()
    programme = programme_services.programme_create(
        territory=territory,
        data={
            "name": f"Banc d'essai {timezone.now():%Y-%m-%d %H:%M:%S.%f}",
            "starts_on": today,
            "ends_on": today,
            "target_hours": Decimal(0),
            "reference_hourly_value": Decimal(1),
        },
        by=None,
    )
    programme_services.programme_open(programme=programme, by=None)
    associations = []
    for n in range(writers_max):
        association, _ = Association.objects.get_or_create(
            rna=f"W99999{n:04d}",
            defaults={
                "name": f"Association du banc d'essai {n}",
                "address": "-",
                "commune": territory.commune,
                "statutory_object": "benchmark",
                "field_of_action": FieldOfAction.SOCIAL,
                "legal_representative": "-",
                "status": OrganisationStatus.ACTIVE,
            },
        )
        associations.append(association)
    return programme, associations


def _fund(programme, associations, hours):
    pool = account_for(programme, AccountKind.POOL)
    services.post(
        programme=programme,
        event=PostingEvent.PLEDGE_SIGNED,
        lines=[(pool, hours), (account_for(programme, AccountKind.FUNDING), -hours)],
        by=None,
        memo="benchmark funding",
    )
    for association in associations:
        account_for(programme, AccountKind.CREDIT, association=association)
    return pool


def _round(programmes, associations, writers, postings):
    """hot: every writer allocates from programmes[0]'s pool; spread: writer i from
    programmes[i]'s pool (territories allocating at the same time)."""
    hot = len(programmes) == 1
    share = postings if hot else postings // writers
    postings = share if hot else share * writers
    pools = [_fund(p, associations[:writers], share) for p in programmes[: 1 if hot else writers]]
    barrier = threading.Barrier(writers + 1)
    done = [0] * writers
    errors = []

    def writer(index):
        association = associations[index]
        programme = programmes[0 if hot else index]
        try:
            barrier.wait()
            while True:
                try:
                    services.allocation_voted(
                        programme=programme, association=association, hours=1, by=None
                    )
                except InsufficientBalance:
                    return
                done[index] += 1
        except Exception as error:  # reported in the table
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    made = sum(done)
    overdrafts = max(0, made - postings)
    for pool in pools:
        pool.refresh_from_db()
        overdrafts += 1 if pool.balance < 0 else 0
    return made, seconds, overdrafts, errors


class Command(BaseCommand):
    help = "Postings per second with 1, 4 and 16 concurrent writers on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, default=1000, help="postings per round")
        parser.add_argument("--writers", type=int, nargs="+", default=[1, 4, 16])

    def handle(self, *args, postings, writers, **options):
        vendor = connection.vendor
        programmes = [_bench_programme(max(writers), i) for i in range(max(writers))]
        associations = programmes[0][1]
        programmes = [p for p, _ in programmes]
        self.stdout.write(f"Database: {vendor} {connection.settings_dict['NAME']}")
        self.stdout.write(
            "hot = every writer allocates from one pool (one row, fully serialised); "
            "spread = each writer allocates from its own programme's pool"
        )
        self.stdout.write(
            f"{'mode':>6} | {'writers':>7} | {'postings':>8} | {'seconds':>7} | "
            f"{'postings/s':>10} | {'overdrafts':>10} | errors"
        )
        for mode in ("hot", "spread"):
            for count in writers:
                made, seconds, overdrafts, errors = _round(
                    programmes[:1] if mode == "hot" else programmes, associations, count, postings
                )
                self.stdout.write(
                    f"{mode:>6} | {count:>7} | {made:>8} | {seconds:>7.2f} | "
                    f"{made / seconds:>10.0f} | {overdrafts:>10} | {len(errors)}"
                )
                for error in errors[:3]:
                    self.stderr.write(f"  {error}")
        problems = [p for programme in programmes for p in ledger_differences(programme)]
        self.stdout.write(
            "ledger_check on the benchmark programmes: "
            + ("consistent" if not problems else f"{len(problems)} difference(s)")
        )
        self.stdout.write(
            "The benchmark data stays (postings are immutable), under the operator "
            f"{BENCH_OPERATOR!r}."
        )
