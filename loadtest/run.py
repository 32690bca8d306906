"""Run the load test on the production stack and print the table (`make loadtest`).

    python -m loadtest.run [--users 50] [--spawn-rate 10] [--run-time 120] [--warm-up 20] [--strict]
                           [--national SCALE]

1. a throwaway PostgreSQL database (refused if it holds data), migrated, with the demo
   territory (or the national data set, vacuumed by its seeder), checkpointed, and a
   throwaway Redis database for the task queue (refused if it holds keys);
2. gunicorn (2 × cores + 1 workers) with `config.settings.loadtest` (the production settings
   over plain HTTP, the baseline page on) and two RQ workers for the tasks (short and long queues);
3. Locust, headless, with the scenarios of `loadtest/locustfile.py`: the users start and log
   in; `--warm-up` seconds after the last one has, the statistics restart and the run is
   measured for `--run-time` seconds;
4. everything stopped, both databases emptied (the PostgreSQL one dropped), and the table:
   per page, requests, median, p95, p99, errors, p95 / the baseline's p95, with the load
   average of the machine during the run.

Exit code: 1 on any error (or when the run could not be made), 2 with `--strict` when a page
misses its target; 0 otherwise. Logs and Locust's CSV are kept in `var/loadtest/`."""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/metis_loadtest"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
# The national data set: how many active participations, officers and their people act.
NATIONAL_SAMPLE = 300
MEASURING = OUT / "measuring"  # written by the locustfile when the measured part starts
# How long every user may take to start (the members log in) before the run is cut short.
LOG_IN_ALLOWANCE = 600
DEMO_PASSWORD = "metis-demo-2026"  # what the scenarios log in with (locustfile.PASSWORD)
WORKER_QUEUES = {
    "rqworker-short": ["mail", "default", "webhooks"],
    "rqworker-long": ["documents", "matching"],
}
REDIS_HOLDS_KEYS = (
    "The Redis database %s holds keys: the load test empties it at the end. Give it an empty "
    "one with --redis-url."
)


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=120, help="Seconds measured.")
    parser.add_argument(
        "--warm-up",
        type=int,
        default=20,
        help="Seconds run after the last user has logged in, before the measure.",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2) + 1)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument(
        "--strict", action="store_true", help="Exit 2 when a page misses its latency target."
    )
    parser.add_argument(
        "--national",
        type=float,
        default=None,
        metavar="SCALE",
        help="Fill the database with the national data set at this scale (seed_national "
        "--scale, e.g. 0.01) instead of the demo.",
    )
    return parser.parse_args(argv)


def setup_django(database_url):
    """The runner itself reads and writes the database with the development settings (the
    demo is never loaded under the production ones); the server gets the load-test ones."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(args) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadtest",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://metis.example",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        # The production cache, shared by the workers (rate limits, the national counter).
        "CACHE_URL": args.redis_url,
        # Locust sends X-Forwarded-For as one proxy would: one address per simulated person.
        "TRUSTED_PROXY_COUNT": "1",
    }


def start(stack, name, command, env):
    # Closed by the stack, after the process has stopped.
    log = stack.enter_context(open(OUT / f"{name}.log", "w", encoding="utf-8"))  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    stack.callback(stop, process)
    return process


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_served(url, server, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"gunicorn stopped (exit code {server.returncode}): see {OUT}/gunicorn.log"
            )
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers boot
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s: see {OUT}/gunicorn.log")


def run_locust(args, stack, env, host, targets_path):
    """Locust until it ends; the load average sampled every 5 s of the measured part."""
    MEASURING.unlink(missing_ok=True)
    locust = start(
        stack,
        "locust",
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "loadtest" / "locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            # An upper bound: the locustfile stops the run `run_time` seconds after the
            # measuring starts, once every user has logged in and `warm_up` seconds more.
            "--run-time",
            f"{args.warm_up + args.run_time + LOG_IN_ALLOWANCE}s",
            "--host",
            host,
            "--csv",
            str(OUT / "metis"),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--exit-code-on-error",
            "1",
        ],
        {
            **env,
            "LOADTEST_TARGETS": str(targets_path),
            "LOADTEST_WARM_UP": str(args.warm_up),
            "LOADTEST_RUN_TIME": str(args.run_time),
            "LOADTEST_MEASURING": str(MEASURING),
        },
    )
    loads = []
    while locust.poll() is None:
        time.sleep(5)
        if MEASURING.exists():
            loads.append(os.getloadavg()[0])
    return locust.returncode, loads


def redis_client(url):
    import redis

    return redis.Redis.from_url(url)


def main(argv=None) -> int:
    args = parse(argv)
    # Stopped from outside: stop what was started and drop the database all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django(args.database_url)
    from django.core.management.base import CommandError

    from loadtest import database, report

    env = server_environment(args)
    # As a deployment does (the manifest storage needs it), before anything is written.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    queue = redis_client(args.redis_url)
    if queue.dbsize():
        raise SystemExit(REDIS_HOLDS_KEYS % args.redis_url)
    try:
        database.prepare()
    except CommandError as error:
        raise SystemExit(str(error)) from None
    with ExitStack() as stack:
        stack.callback(queue.flushdb)
        stack.callback(database.drop_database)
        started = time.perf_counter()
        loaded = database.fill(args.national)
        targets_path = OUT / "targets.json"
        targets = database.write_targets(targets_path, NATIONAL_SAMPLE if args.national else None)
        if args.national:
            database.give_demo_password(targets, DEMO_PASSWORD)
        database.give_demo_second_factor(targets)
        print(
            f"Database {args.database_url} migrated and filled with {loaded} in "
            f"{time.perf_counter() - started:.0f} s ({len(targets['employees'])} active "
            f"participations to declare hours on), {database.checkpoint()}.",
            flush=True,
        )
        from django.db import connection

        connection.close()
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = start(
            stack,
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "config/gunicorn.conf.py",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env,
        )
        # Two RQ workers, as in production one per group of queues (docs/scaling.md): the
        # short jobs (e-mails first) and the long ones (documents, allocation runs).
        for name, queues in WORKER_QUEUES.items():
            start(
                stack,
                name,
                [sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
                + queues,
                env,
            )
        wait_until_served(f"{host}/loadtest/baseline/", server)
        print(
            f"gunicorn ({args.workers} workers) and two RQ workers up on {host}; Locust: "
            f"{args.users} users (spawn rate {args.spawn_rate}/s), every user logged in and "
            f"{args.warm_up} s more of warm-up, then {args.run_time} s measured.",
            flush=True,
        )
        code, loads = run_locust(args, stack, env, host, targets_path)
    rows, total = report.read_stats(OUT / "metis_stats.csv")
    print()
    print(report.table(rows, total))
    cores = os.cpu_count()
    if loads:
        print(
            f"Load average (1 min) during the run, {cores} cores: "
            f"mean {sum(loads) / len(loads):.2f}, "
            f"max {max(loads):.2f}, at the end {loads[-1]:.2f} (Locust runs on the same machine)."
        )
    if total.errors or code:
        print(f"{total.errors} errors (Locust exit code {code}): see {OUT}/metis_failures.csv")
        print((OUT / "metis_failures.csv").read_text(encoding="utf-8"))
        return 1
    missed = report.missed_targets(rows)
    if missed:
        print("Targets missed: " + ", ".join(missed))
        return 2 if args.strict else 0
    print("Every target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
