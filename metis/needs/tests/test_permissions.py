"""Every role × every view and action of the mission cycle.

Pages: anonymous → log-in (public pages: 200), allowed personas → 200, others → 403/404.
Actions: a persona not allowed is refused and nothing is written.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.ledger.models import Posting
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    OperatorFactory,
    TerritoryFactory,
    commune,
)

from ..models import ExtraHoursRequest, Need, Participation, TimeEntry
from .factories import make_cycle, today, volunteer

PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "officer_lyon",
    "referent",
    "referent_b",
    "employee",
    "employee_b",
    "manager",
    "manager_y",
    "newcomer",
]


@pytest.fixture
def world(db):
    cycle = make_cycle()
    company_b = CompanyFactory()
    active = cycle.participation("active", hours="4")
    day = today() - datetime.timedelta(days=1)
    for days in (1, 2):
        entry = time_entry_services.time_entry_declare(
            participation=active,
            by=cycle.employee,
            date=today() - datetime.timedelta(days=days),
            hours="3",
            description="Travail",
        )
    applicant = volunteer(cycle.company)
    applied = cycle.participation("applied", volunteer=applicant)
    invited = participation_services.participation_invite(
        need=cycle.need, volunteer=volunteer(cycle.company), by=cycle.manager
    )
    accepted = cycle.participation("accepted", volunteer=volunteer(cycle.company))
    validated = time_entry_services.time_entry_validate(
        entry=TimeEntry.objects.get(date=day), by=cycle.manager
    )
    people = {
        "anonymous": None,
        "operator": operator_staff_with_totp(cycle.programme.territory.operator),
        "officer": member(Role.TERRITORY_OFFICER, cycle.programme.territory),
        "officer_lyon": member(
            Role.TERRITORY_OFFICER,
            TerritoryFactory(commune=commune("69123"), operator=OperatorFactory()),
        ),
        "referent": cycle.referent,
        "referent_b": member(Role.COMPANY_REFERENT, company_b),
        "employee": cycle.employee,
        "employee_b": volunteer(company_b),
        "manager": cycle.manager,
        "manager_y": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
        "newcomer": UserFactory(),
    }
    return {
        "people": people,
        "need": cycle.need,
        "active": active,
        "applied": applied,
        "invited": invited,
        "accepted": accepted,
        "declared": entry,
        "validated": validated,
        "extra": ExtraHoursRequest.objects.get(),
        "cycle": cycle,
    }


def _state():
    return (
        list(Need.objects.order_by("pk").values_list("status", "moderation_note")),
        list(Participation.objects.order_by("pk").values_list("status", "reserved_hours")),
        list(TimeEntry.objects.order_by("pk").values_list("status", "hours")),
        list(ExtraHoursRequest.objects.order_by("pk").values_list("status", "hours")),
        Posting.objects.count(),
    )


def _login(client, world, persona):
    user = world["people"][persona]
    if user:
        client.force_login(user)
    return client


PUBLIC = "PUBLIC"
VIEWS = [
    ("needs:catalogue", None, PUBLIC),
    ("needs:public_detail", "need", PUBLIC),
    ("needs:association_needs", None, {"manager", "manager_y"}),
    ("needs:need_create", None, {"manager", "manager_y"}),
    ("needs:hours_to_validate", None, {"manager", "manager_y"}),
    ("needs:association_valued_hours", None, {"manager", "manager_y"}),
    ("needs:need_manage", "need", {"manager"}),
    ("needs:need_edit", "need", {"manager"}),
    ("needs:need_invite", "need", {"manager"}),
    ("needs:needs_for_you", None, {"employee", "employee_b"}),
    ("needs:my_participations", None, {"employee", "employee_b"}),
    ("needs:my_valued_hours", None, {"employee", "employee_b"}),
    ("needs:participation_detail", "active", {"employee", "manager", "referent"}),
    ("needs:approvals", None, {"referent", "referent_b"}),
    ("needs:extra_hours", None, {"referent", "referent_b"}),
    ("needs:company_valued_hours", None, {"referent", "referent_b"}),
    ("needs:moderation", None, {"operator"}),
    ("needs:territory_valued_hours", None, {"officer", "officer_lyon"}),
]


class _Rollback(Exception):
    pass


def _each(client, world, persona, check):
    """Run `check` logged in as `persona`, then roll back whatever it wrote (one world for the
    whole matrix keeps the suite fast)."""
    client.logout()
    try:
        with transaction.atomic():
            check(_login(client, world, persona))
            raise _Rollback
    except _Rollback:
        pass


def test_view_matrix(client, world):
    failures = []
    for persona in PERSONAS:
        for name, key, allowed in VIEWS:
            url = reverse(name, args=[world[key].pk] if key else [])

            def check(client, url=url, allowed=allowed, name=name, persona=persona):
                response = client.get(url)
                if allowed == PUBLIC:
                    ok = response.status_code == 200
                elif persona == "anonymous":
                    ok = response.status_code == 302 and response.url.startswith(
                        reverse("account_login")
                    )
                elif persona in allowed:
                    ok = response.status_code == 200
                else:
                    ok = response.status_code in (403, 404)
                if not ok:
                    failures.append((persona, name, response.status_code))

            _each(client, world, persona, check)
    assert failures == []


def _actions(world):
    """(id, url, data, personas allowed)."""
    need, active, applied = world["need"], world["active"], world["applied"]
    accepted, invited, extra = world["accepted"], world["invited"], world["extra"]
    yesterday = (today() - datetime.timedelta(days=3)).isoformat()
    return [
        ("apply", reverse("needs:apply", args=[need.pk]), {}, {"employee", "employee_b"}),
        ("publish", reverse("needs:need_action", args=[need.pk, "terminer"]), {}, {"manager"}),
        ("cancel", reverse("needs:need_action", args=[need.pk, "annuler"]), {}, {"manager"}),
        (
            "invite",
            reverse("needs:need_invite", args=[need.pk]),
            {"volunteer": world["people"]["employee"].pk},
            {"manager"},
        ),
        (
            "accept_application",
            reverse("needs:application_decide", args=[applied.pk]),
            {"decision": "accepter"},
            {"manager"},
        ),
        (
            "refuse_application",
            reverse("needs:application_decide", args=[applied.pk]),
            {"decision": "refuser", "reason": "need_filled"},
            {"manager"},
        ),
        (
            "answer_invitation",
            reverse("needs:invitation_answer", args=[invited.pk]),
            {"decision": "accepter"},
            set(),  # only the invited volunteer, who is not a persona here
        ),
        (
            "validate_hours",
            reverse("needs:hours_to_validate"),
            {"entries": [world["declared"].pk], "decision": "valider"},
            {"manager"},
        ),
        (
            "reject_hours",
            reverse("needs:hours_to_validate"),
            {"entries": [world["declared"].pk], "decision": "rejeter", "reason": "not_done"},
            {"manager"},
        ),
        (
            "reverse_entry",
            reverse("needs:time_entry_reverse", args=[world["validated"].pk]),
            {},
            {"manager"},
        ),
        (
            "declare",
            reverse("needs:declare_hours", args=[active.pk]),
            {"date": yesterday, "hours": "2", "description": "x"},
            {"employee"},
        ),
        (
            "withdraw",
            reverse("needs:withdraw", args=[active.pk]),
            {"reason": "personal"},
            {"employee", "manager", "referent"},
        ),
        (
            "approve",
            reverse("needs:approvals"),
            {
                "participations": [accepted.pk],
                f"{accepted.pk}-planned_hours": "2",
                f"{accepted.pk}-starts_on": need.starts_on.isoformat(),
                f"{accepted.pk}-ends_on": need.ends_on.isoformat(),
            },
            {"referent"},
        ),
        (
            "refuse_approval",
            reverse("needs:approvals"),
            {"decision": "refuser", "participation": accepted.pk, "reason": "workload"},
            {"referent"},
        ),
        (
            "approve_extra",
            reverse("needs:extra_hours"),
            {"request": extra.pk, "decision": "approuver"},
            {"referent"},
        ),
        (
            "moderate",
            reverse("needs:moderation"),
            {"need": need.pk, "note": "Hors sujet"},
            {"operator"},
        ),
    ]


def test_action_matrix(client, world):
    failures = []
    for persona in PERSONAS:
        for action, url, data, allowed in _actions(world):

            def check(client, url=url, data=data, allowed=allowed, action=action, persona=persona):
                before = _state()
                response = client.post(url, data)
                if persona in allowed:
                    if response.status_code != 302:
                        failures.append((persona, action, response.status_code))
                    return
                if persona == "anonymous":
                    ok = response.status_code == 302 and response.url.startswith(
                        reverse("account_login")
                    )
                else:
                    # Another association's manager posting to the shared list page acts on
                    # nothing of this world: a redirect, and nothing written.
                    ok = response.status_code in (302, 403, 404)
                if not ok or _state() != before:
                    failures.append((persona, action, response.status_code, "written?"))

            _each(client, world, persona, check)
    assert failures == []


def test_allowed_actions_write(client, world):
    """The allowed persona's action does change something (the matrix is not vacuous)."""
    expected = {
        "publish": "manager",
        "accept_application": "manager",
        "reject_hours": "manager",
        "declare": "employee",
        "withdraw": "referent",
        "approve": "referent",
        "approve_extra": "referent",
        "apply": "employee_b",
    }
    unchanged = []
    for action, url, data, _allowed in _actions(world):
        if action not in expected:
            continue

        def check(client, url=url, data=data, action=action):
            before = _state()
            client.post(url, data)
            if _state() == before and action != "apply":
                unchanged.append(action)

        _each(client, world, expected[action], check)
    assert unchanged == []


def test_employee_sees_only_their_own_value(client, world):
    """€ per employee: the association sees the participation page without amounts."""
    cycle = world["cycle"]
    client.force_login(cycle.manager)
    page = client.get(world["active"].get_absolute_url())
    assert page.context["show_value"] is False
    client.force_login(cycle.referent)
    assert client.get(world["active"].get_absolute_url()).context["show_value"] is True
