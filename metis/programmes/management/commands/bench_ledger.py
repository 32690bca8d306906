"""Postings per second with 1, 4 and 16 concurrent writers on the configured database.

Each writer is its own **process** (multiprocessing, `fork` context) with its own database
connection, so the figure measures the database's concurrency, not the GIL of one Python
process. The parent closes its connections before forking; each child opens its own on its
first query and keeps it for every round. A writer allocates 1 h at a time until the pool
refuses: `hot` = every writer from one shared pool (the hot row every allocation locks),
`spread` = writer i from programme i's pool. The pools are funded with exactly --postings hours
per round, so a correct ledger makes exactly that many allocations: any extra is an overdraft.
After every round the pools are checked (never below zero) and `ledger_differences()` is run on
the programmes of the round (cached balance == sum of lines, postings sum to zero, no guarded
account below zero). Each row is repeated --repeat times (3) and the median is printed.

On PostgreSQL every row is also run in bare SQL by the same writers (`_bare_sql_allocations`:
lock the pool row, check it, insert the posting and its lines, update the balances, with the
connection's cursor), interleaved with the service's rounds and on the same funding: the
`bare SQL/s` column is what the database itself does, `ratio` how close the service comes.

On SQLite the processes serialise on BEGIN IMMEDIATE (settings); the command still runs.

It runs in a database of its own, created then dropped (`--here`: in the configured database,
refused unless it holds no data): postings are immutable, benchmark ones must not land in a
real ledger.
"""

import multiprocessing
import statistics
import time
from decimal import Decimal

from django.db import connection, connections, transaction
from django.utils import timezone

from metis.core.bench import BenchCommand
from metis.ledger import services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.services import InsufficientBalance, account_for
from metis.organisations.enums import FieldOfAction, OrganisationStatus
from metis.organisations.models import Association, Commune, Operator, Territory
from metis.programmes import services as programme_services
from metis.programmes.models import Programme

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


def _service_allocations(programme, association, pool, credit):
    done = 0
    while True:
        try:
            services.allocation_voted(
                programme=programme, association=association, hours=1, by=None
            )
        except InsufficientBalance:
            return done
        done += 1


def _bare_sql_allocations(programme, association, pool, credit):
    """The same allocations in bare SQL on the connection's cursor (psycopg), one transaction
    each: lock the pool row, check its balance, insert the posting and its two lines, update
    the two balances — what the database itself can do, without the service's Python."""
    done = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT balance FROM ledger_account WHERE id = %s FOR UPDATE", [pool.pk])
            if cursor.fetchone()[0] < 1:
                return done
            cursor.execute(
                "INSERT INTO ledger_posting (programme_id, event, occurred_on, created_at, memo) "
                "VALUES (%s, %s, %s, %s, '') RETURNING id",
                [programme.pk, PostingEvent.ALLOCATION_VOTED, timezone.localdate(), timezone.now()],
            )
            posting_id = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO ledger_postingline (posting_id, account_id, amount) "
                "VALUES (%s, %s, -1), (%s, %s, 1)",
                [posting_id, pool.pk, posting_id, credit.pk],
            )
            cursor.execute(
                "UPDATE ledger_account "
                "SET balance = balance + CASE WHEN id = %s THEN -1 ELSE 1 END "
                "WHERE id IN (%s, %s)",
                [pool.pk, pool.pk, credit.pk],
            )
        done += 1


def _worker(inbox, outbox, go):
    """A writer process: for each task (programme id, association id, bare SQL or not) it gets
    ready, waits for the start signal, allocates 1 h at a time until the pool refuses, then
    reports."""
    while True:
        task = inbox.get()
        if task is None:
            break
        programme_id, association_id, bare_sql = task
        programme = Programme.objects.get(pk=programme_id)
        association = Association.objects.get(pk=association_id)
        pool = account_for(programme, AccountKind.POOL)  # ids known, as in a long-lived worker
        credit = account_for(programme, AccountKind.CREDIT, association=association)
        allocate = _bare_sql_allocations if bare_sql else _service_allocations
        outbox.put("ready")
        go.wait()
        done, error = 0, None
        try:
            done = allocate(programme, association, pool, credit)
        except Exception as exc:  # reported in the table
            error = repr(exc)
        outbox.put((done, error))
    connections.close_all()


class _Writers:
    """A pool of writer processes, started once and reused by every round."""

    def __init__(self, count):
        context = multiprocessing.get_context("fork")
        connections.close_all()  # never share the parent's connection with a child
        self.go = context.Event()
        self.outbox = context.Queue()
        self.inboxes = [context.Queue() for _ in range(count)]
        self.processes = [
            context.Process(target=_worker, args=(inbox, self.outbox, self.go), daemon=True)
            for inbox in self.inboxes
        ]
        for process in self.processes:
            process.start()

    def run(self, tasks):
        """Run one task per writer; returns (made per writer, errors, seconds)."""
        self.go.clear()
        for inbox, task in zip(self.inboxes, tasks, strict=False):
            inbox.put(task)
        for _ in tasks:
            assert self.outbox.get(timeout=120) == "ready"
        started = time.perf_counter()
        self.go.set()
        results = [self.outbox.get(timeout=600) for _ in tasks]
        seconds = time.perf_counter() - started
        return [done for done, _ in results], [e for _, e in results if e], seconds

    def stop(self):
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=30)


def _round(writers_pool, programmes, associations, writers, postings, bare_sql=False):
    """hot: every writer allocates from programmes[0]'s pool; spread: writer i from
    programmes[i]'s pool (territories allocating at the same time). `bare_sql`: the writers
    post in bare SQL instead of through the service (the baseline)."""
    hot = len(programmes) == 1
    share = postings if hot else postings // writers
    postings = share if hot else share * writers
    used = programmes[: 1 if hot else writers]
    pools = [_fund(p, associations[:writers], share) for p in used]
    tasks = [(used[0 if hot else i].pk, associations[i].pk, bare_sql) for i in range(writers)]
    done, errors, seconds = writers_pool.run(tasks)
    made = sum(done)
    overdrafts = max(0, made - postings)
    for pool in pools:
        pool.refresh_from_db()
        overdrafts += 1 if pool.balance < 0 else 0
    differences = [d for programme in used for d in ledger_differences(programme)]
    return made, seconds, overdrafts, errors, differences


def _database_label():
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            host = settings.get("HOST") or "socket"
            where = f"{settings['NAME']} on {host}:{settings.get('PORT') or 5432}"
        else:
            cursor.execute(
                "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SELECT 1"
            )
            version = f"{connection.vendor} {cursor.fetchone()[0]}"
            where = str(settings["NAME"])
    return f"{version}, database {where}"


class Command(BenchCommand):
    help = "Postings per second with 1, 4 and 16 concurrent writers on the configured database."

    def add_bench_arguments(self, parser):
        parser.add_argument("--postings", type=int, default=1000, help="postings per round")
        parser.add_argument("--writers", type=int, nargs="+", default=[1, 4, 16])
        parser.add_argument("--repeat", type=int, default=3, help="rounds per row (median)")

    def bench(self, *, postings, writers, repeat, **options):
        programmes = [_bench_programme(max(writers), i) for i in range(max(writers))]
        associations = programmes[0][1]
        programmes = [p for p, _ in programmes]
        self.stdout.write(f"Database: {_database_label()}")
        self.stdout.write(
            f"Writers: separate processes (fork), one connection each; median of {repeat} "
            f"round(s) per row, {postings} postings per round"
        )
        self.stdout.write(
            "hot = every writer allocates from one pool (one row, fully serialised); "
            "spread = each writer allocates from its own programme's pool"
        )
        baseline = connection.vendor == "postgresql"
        self.stdout.write(
            "bare SQL/s = the same allocations written in bare SQL by the same writers (lock the "
            "pool row, check it, insert the posting and its lines, update the balances), "
            "ratio = postings/s ÷ bare SQL/s"
            if baseline
            else f"No bare SQL baseline on {connection.vendor}: it is written for PostgreSQL."
        )
        rows = [(mode, count) for mode in ("hot", "spread") for count in writers]
        kinds = (False, True) if baseline else (False,)
        runs = {(row, bare_sql): [] for row in rows for bare_sql in kinds}
        writers_pool = _Writers(max(writers))
        try:
            for _ in range(repeat):  # interleaved, so that a noisy moment hits every row
                for (mode, count), bare_sql in runs:
                    runs[(mode, count), bare_sql].append(
                        _round(
                            writers_pool,
                            programmes[:1] if mode == "hot" else programmes,
                            associations,
                            count,
                            postings,
                            bare_sql=bare_sql,
                        )
                    )
        finally:
            writers_pool.stop()
        self.stdout.write(
            f"{'mode':>6} | {'writers':>7} | {'postings':>8} | {'seconds':>7} | "
            f"{'postings/s':>10} | {'min–max/s':>9} | "
            + (f"{'bare SQL/s':>10} | {'ratio':>5} | " if baseline else "")
            + f"{'overdrafts':>10} | errors"
        )
        all_differences = []
        for row in rows:
            results = runs[row, False]
            rates = [made / seconds for made, seconds, *_ in results]
            median = statistics.median(rates)
            made, seconds, *_ = results[rates.index(statistics.median_low(rates))]
            both = results + (runs[row, True] if baseline else [])
            overdrafts = sum(r[2] for r in both)
            errors = [e for r in both for e in r[3]]
            all_differences += [d for r in both for d in r[4]]
            bare = ""
            if baseline:
                bare_median = statistics.median(
                    made / seconds for made, seconds, *_ in runs[row, True]
                )
                bare = f"{bare_median:>10.0f} | {median / bare_median:>5.2f} | "
            mode, count = row
            spread = f"{min(rates):.0f}–{max(rates):.0f}"
            self.stdout.write(
                f"{mode:>6} | {count:>7} | {made:>8} | {seconds:>7.2f} | {median:>10.0f} | "
                f"{spread:>9} | {bare}{overdrafts:>10} | {len(errors)}"
            )
            for error in errors[:3]:
                self.stderr.write(f"  {error}")
        problems = [p for programme in programmes for p in ledger_differences(programme)]
        self.stdout.write(
            "ledger_check after every round and at the end on the benchmark programmes: "
            + (
                "consistent"
                if not problems and not all_differences
                else f"{len(problems) + len(all_differences)} difference(s)"
            )
        )
        for problem in (all_differences + problems)[:5]:
            self.stderr.write(f"  {problem}")
        self.stdout.write(
            "The benchmark data stays (postings are immutable), under the operator "
            f"{BENCH_OPERATOR!r}."
        )
