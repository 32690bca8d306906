import pytest

from .idp import running_identity_provider


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    with running_identity_provider(tmp_path_factory.mktemp("idp")) as provider:
        yield provider


@pytest.fixture
def saml_host(settings):
    """SAML's toolkit refuses single-label hosts ("testserver") in the service provider's URLs."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "metis.example.fr"]
    return "metis.example.fr"
