"""Benchmark commands never write into a database that holds real data.

By default a `BenchCommand` creates a database of its own (migrated, reference data included),
runs in it and drops it at the end, whatever happens. With `--here` it runs in the configured
database, which must then hold no organisation, person, programme or need (it refuses
otherwise and writes nothing)."""

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

HOLDS_DATA = (
    "A benchmark writes data: the configured database already holds %(what)s. Run it without "
    "--here (it then creates and drops a database of its own), or point DATABASE_URL at an "
    "empty database."
)


HELD_MODELS = (
    "accounts.User",
    "organisations.Operator",
    "organisations.Company",
    "organisations.Association",
    "programmes.Programme",
    "needs.Need",
)


def data_held() -> list[str]:
    """What the configured database holds beyond the shipped reference data. The models are
    looked up by label: core sits below the apps it checks (docs/architecture.md, "Layers")."""
    models = [apps.get_model(label) for label in HELD_MODELS]
    return [model._meta.verbose_name_plural for model in models if model.objects.exists()]


def refuse_if_data_held() -> None:
    held = data_held()
    if held:
        raise CommandError(HOLDS_DATA % {"what": ", ".join(str(name) for name in held)})


@contextlib.contextmanager
def throwaway_database(stdout=None):
    """Create a database beside the configured one (`<name>_bench` on PostgreSQL, a file in a
    temporary directory on SQLite, so that forked worker processes share it), migrate it, make
    it the default connection's, and drop it on the way out."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    scratch = None
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        scratch = Path(tempfile.mkdtemp(prefix="metis-bench-"))
        test_settings["NAME"] = str(scratch / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{old_name}_bench"
    started = time.perf_counter()
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if stdout is not None:
        stdout.write(
            f"Benchmark database {name} created and migrated in "
            f"{time.perf_counter() - started:.0f} s (dropped at the end)."
        )
    try:
        yield name
    finally:
        creation.destroy_test_db(old_name, verbosity=0)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


class BenchCommand(BaseCommand):
    """Subclasses implement `add_bench_arguments(parser)` and `bench(**options)`."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--here",
            action="store_true",
            help="Run in the configured database (refused unless it holds no data).",
        )
        self.add_bench_arguments(parser)

    def add_bench_arguments(self, parser):
        pass

    def bench(self, **options):
        raise NotImplementedError

    def handle(self, *args, here=False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Benchmarks are never run under the production settings.")
        if here:
            refuse_if_data_held()
            self.bench(**options)
            return
        with throwaway_database(self.stdout):
            self.bench(**options)
