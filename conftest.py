import os

import pytest
from hypothesis import settings as hypothesis_settings

# A loaded 2-core CI machine makes hypothesis' default deadline flaky.
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, max_examples=60)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    """Tests run in French, like the site."""
    settings.LANGUAGE_CODE = "fr"


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
    from metis.organisations.communes import load_communes
    from metis.organisations.models import Commune, Departement, Epci
    from metis.skills.models import Skill
    from metis.skills.taxonomy import load_taxonomy

    if not Commune.objects.exists():
        load_communes(Departement, Epci, Commune)
    if not Skill.objects.exists():
        load_taxonomy(Skill)
