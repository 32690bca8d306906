"""Every role × every view and action of the mission cycle.

Pages: anonymous → log-in (public pages: 200), allowed personas → 200, others → 403/404.
Actions: an allowed persona's post has its effect in the database (checked row by row); a
persona not allowed is refused and nothing is written.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.ledger.models import Posting
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.needs.services import saved_searches as saved_search_services
from metis.needs.services import time_entries as time_entry_services
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    OperatorFactory,
    TerritoryFactory,
    commune,
)

from ..enums import NeedStatus, ParticipationStatus, TimeEntryStatus
from ..models import ExtraHoursRequest, Need, Participation, SavedSearch, TimeEntry
from .factories import make_cycle, need_data, today, volunteer

PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "officer_lyon",
    "referent",
    "referent_b",
    "employee",
    "employee_b",
    "employee_c",
    "invitee",
    "manager",
    "manager_y",
    "newcomer",
]


@pytest.fixture
def world(db):
    cycle = make_cycle()
    company_b = CompanyFactory()
    active = cycle.participation("active", hours="6")
    day = today() - datetime.timedelta(days=1)
    for days, hours in ((1, "3"), (2, "1")):
        entry = time_entry_services.time_entry_declare(
            participation=active,
            by=cycle.employee,
            date=today() - datetime.timedelta(days=days),
            hours=hours,
            description="Travail",
        )
    # Another volunteer asked for more hours than reserved: an extra-hours request.
    busy = volunteer(cycle.company)
    extra_hours_services.extra_hours_request(
        participation=cycle.participation("active", volunteer=busy, hours="1"),
        by=busy,
        hours="2",
        reason="Travail plus long que prévu",
    )
    applicant = volunteer(cycle.company)
    applied = cycle.participation("applied", volunteer=applicant)
    invited = participation_services.participation_invite(
        need=cycle.need, volunteer=volunteer(cycle.company), by=cycle.manager
    )
    accepted = cycle.participation("accepted", volunteer=volunteer(cycle.company))
    draft = need_services.need_create(
        association=cycle.association,
        data=need_data(cycle.programme, title="Inventaire du local"),
        by=cycle.manager,
    )
    quiet = need_services.need_publish(
        need=need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, title="Site internet"),
            by=cycle.manager,
        ),
        by=cycle.manager,
    )
    validated = time_entry_services.time_entry_validate(
        entry=TimeEntry.objects.get(date=day, participation=active), by=cycle.manager
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
        # employee_c works for the pledging company and has not applied yet
        "employee_c": volunteer(cycle.company),
        "invitee": invited.volunteer,
        "manager": cycle.manager,
        "manager_y": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
        "newcomer": UserFactory(),
    }
    return {
        "people": people,
        "need": cycle.need,
        "draft": draft,
        "quiet": quiet,
        "active": active,
        "applied": applied,
        "invited": invited,
        "accepted": accepted,
        "declared": entry,
        "validated": validated,
        "extra": ExtraHoursRequest.objects.get(),
        "saved": saved_search_services.saved_search_create(
            owner=cycle.employee, name="Compta", criteria={"q": "comptabilité"}
        ),
        "cycle": cycle,
    }


def _state():
    return (
        list(Need.objects.order_by("pk").values_list("status", "moderation_note")),
        list(Participation.objects.order_by("pk").values_list("status", "reserved_hours")),
        list(TimeEntry.objects.order_by("pk").values_list("status", "hours")),
        list(ExtraHoursRequest.objects.order_by("pk").values_list("status", "hours")),
        list(SavedSearch.objects.order_by("pk").values_list("owner", "name")),
        Posting.objects.count(),
    )


def _login(client, world, persona):
    user = world["people"][persona]
    if user:
        client.force_login(user)
    return client


PUBLIC = "PUBLIC"
EMPLOYEES = {"employee", "employee_b", "employee_c", "invitee"}
VIEWS = [
    ("needs:catalogue", None, PUBLIC),
    ("needs:public_detail", "need", PUBLIC),
    ("needs:public_detail_slug", "need", PUBLIC),
    ("needs:association_needs", None, {"manager", "manager_y"}),
    ("needs:need_create", None, {"manager", "manager_y"}),
    ("needs:hours_to_validate", None, {"manager", "manager_y"}),
    ("needs:applications_to_review", None, {"manager", "manager_y"}),
    ("needs:association_valued_hours", None, {"manager", "manager_y"}),
    ("needs:need_manage", "need", {"manager"}),
    ("needs:need_edit", "need", {"manager"}),
    ("needs:need_invite", "need", {"manager"}),
    ("needs:needs_for_you", None, EMPLOYEES),
    ("needs:my_participations", None, EMPLOYEES),
    ("needs:my_valued_hours", None, EMPLOYEES),
    # Anyone logged in lists their own (left from a former employment, say); saving is for
    # employees (the actions below).
    ("needs:saved_searches", None, set(PERSONAS) - {"anonymous"}),
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
            args = [world[key].pk] if key else []
            if name == "needs:public_detail_slug":
                args.append(world[key].slug)
            url = reverse(name, args=args)

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


def _status(model, obj):
    return model.objects.get(pk=obj.pk).status


def _actions(world):
    """(label, url, data, personas allowed, effect): `effect()` says whether the allowed
    persona's post did what it should, read back from the database."""
    need, active, applied = world["need"], world["active"], world["applied"]
    accepted, invited, extra = world["accepted"], world["invited"], world["extra"]
    draft, quiet = world["draft"], world["quiet"]
    declared, validated = world["declared"], world["validated"]
    newcomer_employee = world["people"]["employee_c"]
    three_days_ago = today() - datetime.timedelta(days=3)
    return [
        (
            "apply",
            reverse("needs:apply", args=[need.pk]),
            {},
            {"employee_c"},
            lambda: Participation.objects.filter(
                need=need, volunteer=newcomer_employee, status=ParticipationStatus.APPLIED
            ).exists(),
        ),
        (
            "publish",
            reverse("needs:need_action", args=[draft.pk, "publier"]),
            {},
            {"manager"},
            lambda: _status(Need, draft) == NeedStatus.PUBLISHED,
        ),
        (
            # (the main need has hours awaiting validation: completing it is refused to all)
            "complete",
            reverse("needs:need_action", args=[quiet.pk, "terminer"]),
            {},
            {"manager"},
            lambda: _status(Need, quiet) == NeedStatus.COMPLETED,
        ),
        (
            "cancel",
            reverse("needs:need_action", args=[quiet.pk, "annuler"]),
            {},
            {"manager"},
            lambda: _status(Need, quiet) == NeedStatus.CANCELLED,
        ),
        (
            "invite",
            reverse("needs:need_invite", args=[need.pk]),
            {"volunteer": newcomer_employee.pk},
            {"manager"},
            lambda: Participation.objects.filter(
                need=need, volunteer=newcomer_employee, status=ParticipationStatus.INVITED
            ).exists(),
        ),
        (
            "accept_application",
            reverse("needs:application_decide", args=[applied.pk]),
            {"decision": "accepter"},
            {"manager"},
            lambda: _status(Participation, applied) == ParticipationStatus.ACCEPTED,
        ),
        (
            "refuse_application",
            reverse("needs:application_decide", args=[applied.pk]),
            {"decision": "refuser", "reason": "need_filled"},
            {"manager"},
            lambda: _status(Participation, applied) == ParticipationStatus.REFUSED,
        ),
        (
            "answer_invitation",
            reverse("needs:invitation_answer", args=[invited.pk]),
            {"decision": "accepter"},
            {"invitee"},
            lambda: _status(Participation, invited) == ParticipationStatus.ACCEPTED,
        ),
        (
            "validate_hours",
            reverse("needs:hours_to_validate"),
            {"entries": [declared.pk], "decision": "valider"},
            {"manager"},
            lambda: _status(TimeEntry, declared) == TimeEntryStatus.VALIDATED,
        ),
        (
            "reject_hours",
            reverse("needs:hours_to_validate"),
            {"entries": [declared.pk], "decision": "rejeter", "reason": "not_done"},
            {"manager"},
            lambda: _status(TimeEntry, declared) == TimeEntryStatus.REJECTED,
        ),
        (
            "reverse_entry",
            reverse("needs:time_entry_reverse", args=[validated.pk]),
            {},
            {"manager"},
            lambda: _status(TimeEntry, validated) == TimeEntryStatus.REVERSED,
        ),
        (
            "declare",
            reverse("needs:declare_hours", args=[active.pk]),
            {"date": three_days_ago.isoformat(), "hours": "2", "description": "x"},
            {"employee"},
            lambda: TimeEntry.objects.filter(
                participation=active, date=three_days_ago, hours=2
            ).exists(),
        ),
        (
            "ask_extra_hours",
            reverse("needs:extra_hours_ask", args=[active.pk]),
            {"extra-hours": "2", "extra-reason": "Plus long que prévu"},
            {"employee", "manager"},
            lambda: ExtraHoursRequest.objects.filter(
                participation=active, status="pending", hours=2
            ).exists(),
        ),
        (
            "save a search",
            reverse("needs:saved_search_create") + "?q=bilan",
            {"name": "Bilans"},
            EMPLOYEES,
            lambda: SavedSearch.objects.filter(name="Bilans", criteria={"q": "bilan"}).exists(),
        ),
        (
            "delete a saved search",
            reverse("needs:saved_search_delete", args=[world["saved"].pk]),
            {},
            {"employee"},
            lambda: not SavedSearch.objects.filter(pk=world["saved"].pk).exists(),
        ),
        (
            "withdraw",
            reverse("needs:withdraw", args=[active.pk]),
            {"reason": "personal"},
            {"employee", "manager", "referent"},
            lambda: _status(Participation, active) == ParticipationStatus.WITHDRAWN,
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
            lambda: _status(Participation, accepted) == ParticipationStatus.APPROVED,
        ),
        (
            "refuse_approval",
            reverse("needs:approvals"),
            {"decision": "refuser", "participation": accepted.pk, "reason": "workload"},
            {"referent"},
            lambda: _status(Participation, accepted) == ParticipationStatus.REFUSED,
        ),
        (
            "approve_extra",
            reverse("needs:extra_hours"),
            {"request": extra.pk, "decision": "approuver"},
            {"referent"},
            lambda: ExtraHoursRequest.objects.get(pk=extra.pk).status == "approved",
        ),
        (
            "moderate",
            reverse("needs:moderation"),
            {"need": quiet.pk, "note": "Hors sujet"},
            {"operator"},
            lambda: Need.objects.filter(
                pk=quiet.pk, status=NeedStatus.DRAFT, moderation_note="Hors sujet"
            ).exists(),
        ),
    ]


def test_action_matrix(client, world):
    """Every persona × every action: the allowed personas' post has its effect, everybody
    else's is refused and writes nothing (`apply` included)."""
    failures = []
    for persona in PERSONAS:
        for action, url, data, allowed, effect in _actions(world):

            def check(
                client,
                url=url,
                data=data,
                allowed=allowed,
                action=action,
                effect=effect,
                persona=persona,
            ):
                before = _state()
                response = client.post(url, data)
                if persona in allowed:
                    if response.status_code != 302 or not effect():
                        failures.append((persona, action, response.status_code, "no effect"))
                    return
                if persona == "anonymous":
                    ok = response.status_code == 302 and response.url.startswith(
                        reverse("account_login")
                    )
                else:
                    # A refusal by the service (a message on the page it came from) also
                    # answers with a redirect: what matters is that nothing was written.
                    ok = response.status_code in (302, 403, 404)
                if not ok or _state() != before:
                    failures.append((persona, action, response.status_code, "written?"))

            _each(client, world, persona, check)
    assert failures == []


def test_employee_sees_only_their_own_value(client, world):
    """€ per employee: the association sees the participation page without amounts."""
    cycle = world["cycle"]
    client.force_login(cycle.manager)
    page = client.get(world["active"].get_absolute_url())
    assert page.context["show_value"] is False
    client.force_login(cycle.referent)
    assert client.get(world["active"].get_absolute_url()).context["show_value"] is True
