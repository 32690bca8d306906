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
