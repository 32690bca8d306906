import pytest

from .idp import running_identity_provider


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    with running_identity_provider(tmp_path_factory.mktemp("idp")) as provider:
        yield provider
