"""Read replicas (metis.core.replica, docs/scaling.md): the dashboards and public figures read
from the replica when one is configured; writes, and pages without the mark, never do.

The replica is a second connection to the test database (a mirror), so the data must be
committed for it to see them: transactional tests, which PostgreSQL runs (on SQLite the flush
between tests would delete ledger postings, which their triggers refuse)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metis.reporting.tests.conftest import build

committed = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _queries(client, method, url):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = getattr(client, method)(url)
    return response, len(replica), len(primary)


@pytest.fixture
def cycle(reference_data):
    return build(entries=2)


@pytest.mark.postgres
@committed
def test_dashboards_and_impact_page_read_from_the_replica(client, settings, cycle):
    settings.READ_REPLICA = "replica"
    client.force_login(cycle.officer)
    response, on_replica, on_primary = _queries(client, "get", reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert "5,00" in response.content.decode()  # the two validated entries of 2.5 h
    # The session and the membership are read before the view; the figures after, on the replica.
    assert on_replica >= 5 and on_primary <= 4
    response, on_replica, _ = _queries(
        client, "get", reverse("reporting:impact", args=[cycle.programme.pk])
    )
    assert response.status_code == 200 and on_replica > 0


@pytest.mark.postgres
@committed
def test_forms_and_writes_stay_on_the_primary(client, settings, cycle):
    settings.READ_REPLICA = "replica"
    client.force_login(cycle.employee)
    _, on_replica, _ = _queries(client, "get", reverse("needs:my_participations"))
    assert on_replica == 0
    response, on_replica, on_primary = _queries(client, "post", reverse("reporting:agenda_renew"))
    assert response.status_code == 302 and on_replica == 0 and on_primary > 0


@pytest.mark.postgres
@committed
def test_no_replica_configured_means_every_read_on_the_primary(client, settings, cycle):
    assert settings.READ_REPLICA is None
    client.force_login(cycle.officer)
    response, on_replica, _ = _queries(client, "get", reverse("reporting:dashboard"))
    assert response.status_code == 200 and on_replica == 0


def test_the_router_sends_only_marked_reads_to_the_replica(rf, settings):
    """Runs on SQLite too: the routing decision itself."""
    from django.db import router

    from metis.core.replica import reads_from_replica
    from metis.ledger.models import Posting

    seen = {}

    @reads_from_replica
    def view(request):
        seen[request.method] = (router.db_for_read(Posting), router.db_for_write(Posting))

    settings.READ_REPLICA = "replica"
    view(rf.get("/"))
    view(rf.post("/"))
    assert seen == {"GET": ("replica", "default"), "POST": ("default", "default")}
    assert router.db_for_read(Posting) == "default"  # outside the view
    settings.READ_REPLICA = None
    view(rf.get("/"))
    assert seen["GET"] == ("default", "default")
