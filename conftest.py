import contextvars
import datetime
import os

import pytest
from hypothesis import settings as hypothesis_settings

# A loaded 2-core CI machine makes hypothesis' default deadline flaky.
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, max_examples=60)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Run the whole suite on another day: `METIS_TEST_TODAY=2027-01-03 pytest` (the clock starts at
#: that date, 10:00 Paris time, and runs on). Tests that depend on the date must pass on any day.
#: A day in a year whose social-security ceiling (PMSS) is not published yet is a day in a
#: future where it would be: for that run only, the year gets the last known ceiling (hours of a
#: year without one cannot be valued, by design — metis/valuation/rules/pmss.py).
TEST_TODAY = os.environ.get("METIS_TEST_TODAY", "")

#: Variables a template may test without the view passing them: `user` and `debug` come from
#: context processors that some renders (e-mails, PDFs) do not run.
TEMPLATE_VARIABLES_NOT_REQUIRED = {"debug", "user"}


def pytest_configure(config):
    _record_template_origins()
    if TEST_TODAY:
        import time_machine

        start = datetime.datetime.fromisoformat(f"{TEST_TODAY}T10:00:00+01:00")
        config._metis_clock = time_machine.travel(start, tick=True)
        config._metis_clock.start()
        _publish_pmss_until(start.year)


def _publish_pmss_until(year):
    from types import MappingProxyType

    from metis.valuation import rules
    from metis.valuation.rules import pmss

    table = dict(pmss.PMSS_BY_YEAR)
    for missing in range(max(table) + 1, year + 1):
        table[missing] = table[missing - 1]
    pmss.PMSS_BY_YEAR = rules.PMSS_BY_YEAR = MappingProxyType(table)


def pytest_unconfigure(config):
    clock = getattr(config, "_metis_clock", None)
    if clock is not None:
        clock.stop()


@pytest.fixture(autouse=True)
def _english_free_defaults(settings, tmp_path):
    """Tests run in French, like the site, and write their files (open data, uploads) in their
    own folder."""
    settings.LANGUAGE_CODE = "fr"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: it keeps figures read from the database (the
    national counter, the employers' markets of the recommendations), which another test's
    data would otherwise answer."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class _UnknownVariable:
    """`string_if_invalid` in tests: `{{ unknown }}` or `{{ known.unknown }}` in one of our
    templates fails the test (like pytest-django's FAIL_INVALID_TEMPLATE_VARS, but only for our
    templates: Django's and the libraries' own — admin, allauth, crispy forms — read optional
    variables by design). Elsewhere it renders as Django's default, an empty string."""

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, name):
        origin = _rendering_origin.get()
        if _is_ours(origin):
            pytest.fail(f"Undefined template variable '{name}' in '{origin}'")
        return ""


_rendering_origin = contextvars.ContextVar("rendering_origin", default=None)


def _record_template_origins():
    """While a template node renders, remember the template it was written in, so that an
    unknown variable is reported where it is and ours are told apart from the libraries'."""
    from django.template import base

    if getattr(base.Node.render_annotated, "records_origin", False):
        return
    render_annotated = base.Node.render_annotated

    def render_annotated_with_origin(self, context):
        origin = getattr(self, "origin", None)
        token = _rendering_origin.set(getattr(origin, "name", None))
        try:
            return render_annotated(self, context)
        finally:
            _rendering_origin.reset(token)

    render_annotated_with_origin.records_origin = True
    base.Node.render_annotated = render_annotated_with_origin


def _is_ours(origin_name):
    from django.conf import settings

    name = str(origin_name or "")
    return name.startswith(str(settings.BASE_DIR)) and f"{os.sep}.venv{os.sep}" not in name


@pytest.fixture(autouse=True)
def _unknown_template_variable_fails(monkeypatch, request):
    """An unknown variable in one of our templates fails the test: `{{ unknown }}` and
    `{{ known.unknown }}` through `string_if_invalid`, and a first name that is not in the
    context at all also where Django would silently read it as false (`{% if unknown %}`,
    `{{ unknown|default:"…" }}`), as les-emplois' conftest does.
    `@pytest.mark.ignore_template_errors` turns it off for one test."""
    if request.node.get_closest_marker("ignore_template_errors"):
        return
    from django.template import base, engines

    for engine in engines.all():
        if hasattr(engine, "engine"):
            monkeypatch.setattr(engine.engine, "string_if_invalid", _UnknownVariable())
    original = base.FilterExpression.resolve

    def strict_resolve(self, context, ignore_failures=False):
        if (
            self.is_var
            and self.var.lookups is not None
            and self.var.lookups[0] not in context
            and self.var.lookups[0] not in TEMPLATE_VARIABLES_NOT_REQUIRED
            and _is_ours(_rendering_origin.get())
        ):
            pytest.fail(f"Undefined template variable '{self.var}' in '{_rendering_origin.get()}'")
        return original(self, context, ignore_failures)

    monkeypatch.setattr(base.FilterExpression, "resolve", strict_resolve)


@pytest.fixture(autouse=True, scope="session")
def _unordered_querysets_are_shuffled():
    """A query without an ORDER BY comes back in a random order (as in les-emplois' conftest),
    so code that relies on the database's natural order fails here rather than in production.
    Queries ordered explicitly, by the model's Meta.ordering, or cleared on purpose with
    `.order_by()` (aggregates, subqueries) and DISTINCT queries are left alone."""
    from django.db.models import OrderBy
    from django.db.models.functions import Random
    from django.db.models.sql.compiler import SQLCompiler

    original = SQLCompiler._order_by_pairs

    def _order_by_pairs(self):
        query = self.query
        meta = query.get_meta()
        unordered = (
            not query.extra_order_by
            and query.default_ordering
            and not query.order_by
            and not (meta and meta.ordering)
            and not query.distinct
            and not query.combinator
        )
        if unordered:
            yield OrderBy(Random()), False
            return
        yield from original(self)

    SQLCompiler._order_by_pairs = _order_by_pairs
    yield
    SQLCompiler._order_by_pairs = original


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real concurrency: skip them (before any database set-up)
    when the suite runs on SQLite."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the tables after each test, reference data included: put the
    shipped communes and skills taxonomy back when a previous one removed them."""
    from metis.organisations.communes import load_commune_centres, load_communes
    from metis.organisations.models import Commune, Departement, Epci
    from metis.skills.models import Skill
    from metis.skills.taxonomy import load_taxonomy

    if not Commune.objects.exists():
        load_communes(Departement, Epci, Commune)
        load_commune_centres(Commune)
    if not Skill.objects.exists():
        load_taxonomy(Skill)
