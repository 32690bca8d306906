"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server. Skipped with a clear reason when /usr/bin/chromium is missing, unless
REQUIRE_BROWSER=1 (CI), which turns the skip into a failure. Never `playwright install`."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser_type_launch_args():
    """For pytest-playwright's own fixtures, should a test use them."""
    return {"executable_path": str(CHROMIUM), "args": LAUNCH_ARGS}


@pytest.fixture(autouse=True)
def sqlite_flush_without_triggers(transactional_db):
    """pytest-django flushes SQLite with DELETE after a transactional test (PostgreSQL uses
    TRUNCATE, which fires no row trigger), table by table in an order that changes with the
    hash seed. The ledger's immutability triggers refuse those DELETEs, and the roll-up
    triggers would write rows back into a table already emptied (a validated time entry
    deleted after `reporting_validatedmonth` adds a negative month that points at deleted
    programmes). On SQLite, flush with every trigger dropped, then put them all back."""
    yield
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        for _name, sql in triggers:
            cursor.execute(sql)
