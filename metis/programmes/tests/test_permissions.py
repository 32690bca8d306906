"""Every persona × every action on programmes, subsidies and pledges.

An allowed persona's post has its effect in the database (read back below); anybody else's is
refused (log-in page, 403, or the form shown again without their choice) and writes nothing.
The pages themselves (who may open them) are in test_views.py."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.ledger.models import Posting
from metis.organisations.tests.factories import AssociationFactory
from metis.programmes import services
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme
from metis.programmes.tests.factories import (
    MixedSubsidyFactory,
    PledgeFactory,
    ProgrammeFactory,
)

PERSONAS = [
    "anonymous",
    "officer",
    "operator_staff",
    "referent",
    "manager",
    "other_officer",
    "other_referent",
    "other_manager",
]
MANAGERS = {"officer", "operator_staff"}


@pytest.fixture
def world(programme, territory, company, association, officer, referent):
    """An open programme funded by a signed pledge, a proposed subsidy, a voted one, a draft
    pledge, a draft programme and an association without a subsidy yet."""
    signed = services.pledge_sign(
        pledge=PledgeFactory(programme=programme, company=company, hours=Decimal("300")),
        signer_name="Anne Roy",
        signed_on=datetime.date(2026, 1, 5),
        by=referent,
    )
    voted = services.subsidy_vote(
        subsidy=MixedSubsidyFactory(programme=programme, hours_credit=50),
        deliberation_reference="DEL-1",
        deliberation_date=datetime.date(2026, 1, 20),
        by=officer,
    )
    return {
        "programme": programme,
        "draft": ProgrammeFactory(territory=territory, draft=True),
        "signed": signed,
        "pledge": PledgeFactory(programme=programme, company=company, hours=Decimal("20")),
        "proposed": MixedSubsidyFactory(
            programme=programme, association=association, hours_credit=100
        ),
        "voted": voted,
        "territory": territory,
        "company": company,
        "association": association,
        "unfunded": AssociationFactory(),
    }


def _state():
    return (
        list(Programme.objects.order_by("pk").values_list("pk", "status", "name")),
        list(Pledge.objects.order_by("pk").values_list("pk", "status", "hours")),
        list(MixedSubsidy.objects.order_by("pk").values_list("pk", "status", "hours_credit")),
        Posting.objects.count(),
    )


def _status(model, obj):
    return model.objects.get(pk=obj.pk).status


ACTIONS = [
    # (label, url(world), data(world), personas allowed, effect(world))
    (
        "create a programme",
        lambda w: reverse("programmes:create"),
        lambda w: {
            "territory": w["territory"].pk,
            "name": "Sceaux 2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "target_hours": "8000",
            "reference_hourly_value": "45",
        },
        MANAGERS,
        lambda w: Programme.objects.filter(name="Sceaux 2027").exists(),
    ),
    (
        "update a programme",
        lambda w: reverse("programmes:update", args=[w["programme"].pk]),
        lambda w: {
            "name": "Sceaux 2026 (révisé)",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "target_hours": "9000",
            "reference_hourly_value": "50",
        },
        MANAGERS,
        lambda w: Programme.objects.filter(name="Sceaux 2026 (révisé)").exists(),
    ),
    (
        "open a programme",
        lambda w: reverse("programmes:open", args=[w["draft"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: _status(Programme, w["draft"]) == ProgrammeStatus.OPEN,
    ),
    (
        "close a programme",
        lambda w: reverse("programmes:close", args=[w["programme"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: _status(Programme, w["programme"]) == ProgrammeStatus.CLOSED,
    ),
    (
        "copy a programme",
        lambda w: reverse("programmes:copy", args=[w["programme"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: Programme.objects.filter(previous=w["programme"]).exists(),
    ),
    (
        "propose a subsidy",
        lambda w: reverse("programmes:subsidy_propose", args=[w["programme"].pk]),
        lambda w: {
            "association": w["unfunded"].pk,
            "cash_previous_period": "1000",
            "cash_current_period": "500",
            "hours_credit": "10",
        },
        MANAGERS,
        lambda w: MixedSubsidy.objects.filter(association=w["unfunded"]).exists(),
    ),
    (
        "vote a subsidy",
        lambda w: reverse("programmes:subsidy_vote", args=[w["proposed"].pk]),
        lambda w: {
            "hours_credit": "100",
            "deliberation_reference": "DEL-2",
            "deliberation_date": "2026-02-01",
        },
        MANAGERS,
        lambda w: _status(MixedSubsidy, w["proposed"]) == SubsidyStatus.VOTED,
    ),
    (
        "close a subsidy",
        lambda w: reverse("programmes:subsidy_close", args=[w["voted"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: _status(MixedSubsidy, w["voted"]) == SubsidyStatus.CLOSED,
    ),
    (
        "make a pledge",
        lambda w: reverse("programmes:pledge_create"),
        lambda w: {
            "programme": w["programme"].pk,
            "company": w["company"].pk,
            "hours": "77",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
        {"referent"},
        lambda w: Pledge.objects.filter(hours=Decimal("77")).exists(),
    ),
    (
        "sign a pledge",
        lambda w: reverse("programmes:pledge_sign", args=[w["pledge"].pk]),
        lambda w: {"signer_name": "Anne Roy", "signed_on": "2026-01-10"},
        {"referent"},
        lambda w: _status(Pledge, w["pledge"]) == PledgeStatus.SIGNED,
    ),
    (
        "close a pledge",
        lambda w: reverse("programmes:pledge_close", args=[w["signed"].pk]),
        lambda w: {},
        MANAGERS | {"referent"},
        lambda w: _status(Pledge, w["signed"]) == PledgeStatus.CLOSED,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "label,url,data,allowed,effect", ACTIONS, ids=[action[0] for action in ACTIONS]
)
def test_action_matrix(client, request, world, persona, label, url, data, allowed, effect):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    before = _state()
    response = client.post(url(world), data(world))
    if persona in allowed:
        assert response.status_code == 302, label
        assert effect(world), label
        return
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        # 403, or the form shown again: the territories and companies offered are one's own.
        assert response.status_code in (200, 403), label
    assert _state() == before, label
