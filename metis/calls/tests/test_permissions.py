"""Every persona × every page and action of the calls for applications. An allowed persona's
post has its effect in the database; anybody else's is refused (log-in page, 403, or the form
shown again) and writes nothing."""

import datetime

import pytest
from django.urls import reverse

from metis.calls import services
from metis.calls.enums import ApplicationStatus, CallStatus
from metis.calls.models import Application, Call, Score
from metis.programmes.models import MixedSubsidy

from .conftest import apply

NOW = datetime.datetime(2026, 2, 10, 10, tzinfo=datetime.UTC)
pytestmark = pytest.mark.time_machine(NOW)

PERSONAS = [
    "anonymous",
    "officer",
    "operator_staff",
    "committee_member",
    "manager",
    "other_manager",
    "other_officer",
]
# The committee is made of officers of the territory: they manage its programmes too.
MANAGERS = {"officer", "operator_staff", "committee_member"}
SCORERS = MANAGERS


@pytest.fixture
def world(make_call, officer, committee_member, association, manager, other_association):
    draft = make_call(title="Brouillon", committee=[committee_member])
    open_call = services.call_open(
        call=make_call(title="Ouvert", committee=[committee_member]), by=officer
    )
    scoring = services.call_open(
        call=make_call(title="Notation", committee=[committee_member]), by=officer
    )
    application = apply(scoring, association, manager)
    services.call_close(call=scoring, by=officer)
    return {
        "draft": draft,
        "open": open_call,
        "scoring": scoring,
        "application": application,
        "programme": draft.programme,
        "association": association,
        "other_association": other_association,
    }


def _state():
    return (
        list(Call.objects.order_by("pk").values_list("pk", "status", "title")),
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        list(Score.objects.order_by("pk").values_list("pk", "value")),
        MixedSubsidy.objects.count(),
    )


PAGES = [
    # (url name, args(world), personas allowed)
    ("calls:list", lambda w: [], set(PERSONAS) - {"anonymous"}),
    ("calls:create", lambda w: [w["programme"].pk], MANAGERS),
    ("calls:detail", lambda w: [w["scoring"].pk], SCORERS),
    ("calls:open", lambda w: [w["draft"].pk], MANAGERS),
    ("calls:close", lambda w: [w["open"].pk], MANAGERS),
    ("calls:apply", lambda w: [w["open"].pk], {"manager", "other_manager"}),
    ("calls:select", lambda w: [w["scoring"].pk], MANAGERS),
    ("calls:application", lambda w: [w["application"].pk], SCORERS | {"manager"}),
    ("calls:score", lambda w: [w["application"].pk], SCORERS),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_page_matrix(client, request, world, persona, name, args, allowed):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(name, args=args(world)))
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    elif persona in allowed:
        assert response.status_code == 200, (name, persona)
    else:
        assert response.status_code == 403, (name, persona)


ACTIONS = [
    (
        "create a call",
        lambda w: reverse("calls:create", args=[w["programme"].pk]),
        lambda w: {
            "title": "Deuxième appel",
            "description": "Pour tous",
            "criteria": "Impact",
            "questions": "",
            "opens_on": "2026-02-01",
            "closes_on": "2026-03-01",
        },
        MANAGERS,
        lambda w: Call.objects.filter(title="Deuxième appel").exists(),
    ),
    (
        "open a call",
        lambda w: reverse("calls:open", args=[w["draft"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: Call.objects.get(pk=w["draft"].pk).status == CallStatus.OPEN,
    ),
    (
        "close a call",
        lambda w: reverse("calls:close", args=[w["open"].pk]),
        lambda w: {},
        MANAGERS,
        lambda w: Call.objects.get(pk=w["open"].pk).status == CallStatus.SCORING,
    ),
    (
        "apply",
        lambda w: reverse("calls:apply", args=[w["open"].pk]),
        lambda w: {
            "association": w["association"].pk,
            "social_purpose": "Aide aux devoirs",
            "foreseen_needs": "Comptabilité",
            "hours_wished": "40",
            "cash_previous_period": "1000",
            "answer_0": "Dix",
        },
        {"manager"},
        lambda w: Application.objects.filter(call=w["open"]).exists(),
    ),
    (
        "score",
        lambda w: reverse("calls:score", args=[w["application"].pk]),
        lambda w: {"criterion_0": "4", "criterion_1": "3"},
        SCORERS,
        lambda w: Score.objects.filter(application=w["application"]).count() == 2,
    ),
    (
        "select the panel",
        lambda w: reverse("calls:select", args=[w["scoring"].pk]),
        lambda w: {
            f"selected_{w['application'].pk}": "1",
            f"hours_{w['application'].pk}": "50",
            f"cash_{w['application'].pk}": "2000",
            f"reason_{w['application'].pk}": "",
        },
        MANAGERS,
        lambda w: (
            Application.objects.get(pk=w["application"].pk).status == ApplicationStatus.SELECTED
        ),
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
        assert response.status_code == 302, (label, persona, response.content[:3000])
        assert effect(world), label
        return
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        # 403, or the form shown again: the associations offered are one's own.
        assert response.status_code in (200, 403), label
    assert _state() == before, label
