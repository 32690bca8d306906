"""Who answers a mission's outcome form and who withdraws a quote's consent; a refused person
writes nothing."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import AssociationFactory
from metis.outcomes import services
from metis.outcomes.enums import Respondent
from metis.outcomes.models import Outcome

from .conftest import ANSWERS

PERSONAS = ["anonymous", "employee", "manager", "referent", "other_manager"]


@pytest.fixture
def personas(cycle):
    return {
        "employee": cycle.employee,
        "manager": cycle.manager,
        "referent": cycle.referent,
        "other_manager": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
    }


def _login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])


def _state():
    return list(Outcome.objects.order_by("pk").values_list("pk", "respondent", "quote_consent"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_answer_matrix(client, personas, completed, persona):
    _login(client, personas, persona)
    url = reverse("outcomes:answer", args=[completed.pk])
    page = client.get(url)
    response = client.post(url, {**ANSWERS, "quote_consent": "on"})
    if persona == "anonymous":
        assert page.status_code == 302 and page.url.startswith(reverse("account_login"))
        assert not Outcome.objects.exists()
    elif persona in ("employee", "manager"):
        assert page.status_code == 200
        assert response.status_code == 302
        expected = Respondent.VOLUNTEER if persona == "employee" else Respondent.ASSOCIATION
        assert Outcome.objects.get().respondent == expected
    else:
        assert page.status_code == response.status_code == 403
        assert not Outcome.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdraw_consent_matrix(client, personas, cycle, completed, persona):
    outcome = services.outcome_submit(
        participation=completed, respondent=Respondent.ASSOCIATION, data=ANSWERS, by=cycle.manager
    )
    _login(client, personas, persona)
    before = _state()
    url = reverse("outcomes:withdraw_consent", args=[outcome.pk])
    page = client.get(url)
    response = client.post(url)
    if persona == "manager":
        assert page.status_code == 200 and response.status_code == 302
        assert not Outcome.objects.get().quote_consent
        return
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert page.status_code == response.status_code == 403
    assert _state() == before
