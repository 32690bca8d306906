"""The load test's baseline page: everybody gets it when the load-test settings turn it on,
nobody otherwise (it is not part of the site)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory

URL_NAME = "loadtest_baseline"


@pytest.fixture
def clients(client, db):
    """The anonymous visitor and a logged-in employee."""
    employee = Client()
    employee.force_login(member(Role.EMPLOYEE, CompanyFactory()))
    return {"anonymous": client, "employee": employee}


@pytest.mark.parametrize("persona", ["anonymous", "employee"])
def test_the_baseline_is_a_404_unless_turned_on(clients, persona):
    assert clients[persona].get(reverse(URL_NAME)).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "employee"])
@override_settings(LOADTEST_BASELINE=True)
def test_the_baseline_renders_its_constant_page_when_turned_on(clients, persona):
    response = clients[persona].get(reverse(URL_NAME))
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["core/loadtest_baseline.html"]
    assert clients[persona].post(reverse(URL_NAME)).status_code == 405
