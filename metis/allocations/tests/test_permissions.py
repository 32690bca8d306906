"""Every persona × every view of allocation runs and proposals.

Pages: allowed → 200, others → 403/404, anonymous → log-in. Actions: an allowed persona's post
has its effect in the database; anybody else's is refused and writes nothing. Each persona
works on one world and every action is rolled back after it is checked."""

import pytest
from django.db import transaction
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.allocations import services
from metis.allocations.models import AllocationRun, Proposal, ProposalStatus, RunStatus
from metis.needs.models import Participation
from metis.needs.tests.factories import volunteer
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import ProgrammeFactory

PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "other_officer",
    "manager",
    "other_manager",
    "referent",
    "employee",
    "other_employee",
]


def _run(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.allocation_run_request(programmes=[world.programme], by=world.officer)


@pytest.fixture
def world(market, django_capture_on_commit_callbacks):
    """A run sent to the associations (its proposals await a decision), a later run still
    under review (its proposals can be dropped, the run sent) and a queued one (cancellable)."""
    market.sent = _run(market, django_capture_on_commit_callbacks)
    services.proposals_send(run=market.sent, by=market.officer)
    market.proposal = market.sent.proposals.order_by("pk").first()
    market.review = _run(market, django_capture_on_commit_callbacks)
    # A run of another programme of the territory, queued: its task has not run yet.
    market.queued = services.allocation_run_request(
        programmes=[ProgrammeFactory(territory=market.programme.territory)], by=market.officer
    )
    market.people = {
        "anonymous": None,
        "operator": operator_staff_with_totp(market.programme.territory.operator),
        "officer": market.officer,
        "other_officer": member(Role.TERRITORY_OFFICER, TerritoryFactory(commune=commune("75056"))),
        "manager": market.manager,
        "other_manager": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
        "referent": market.referent,
        "employee": market.employee,
        "other_employee": volunteer(CompanyFactory()),
    }
    return market


def _state():
    return (
        list(AllocationRun.objects.order_by("pk").values_list("pk", "status", "sent_at")),
        list(Proposal.objects.order_by("pk").values_list("pk", "status")),
        list(Participation.objects.order_by("pk").values_list("pk", "status")),
    )


MANAGERS = {"operator", "officer"}
PAGES = [
    # (url name, args(world), personas allowed)
    ("allocations:programme_runs", lambda w: [w.programme.pk], MANAGERS),
    ("allocations:operator_runs", lambda w: [], MANAGERS | {"other_officer"}),
    ("allocations:run_detail", lambda w: [w.review.pk], MANAGERS),
    ("allocations:run_progress", lambda w: [w.review.pk], MANAGERS),
    ("allocations:association_proposals", lambda w: [], {"manager", "other_manager"}),
]


def _new_run(world, before):
    return AllocationRun.objects.count() == len(before[0]) + 1


def _review_proposal(world):
    return world.review.proposals.order_by("pk").first()


ACTIONS = [
    # (label, url name, args(world), data(world), personas allowed, effect(world, before))
    (
        "request a run",
        "allocations:run_request",
        lambda w: [w.programme.pk],
        lambda w: {},
        MANAGERS,
        _new_run,
    ),
    (
        "request a run for programmes",
        "allocations:operator_runs",
        lambda w: [],
        lambda w: {"programmes": [w.programme.pk]},
        MANAGERS,
        _new_run,
    ),
    (
        "cancel a queued run",
        "allocations:run_cancel",
        lambda w: [w.queued.pk],
        lambda w: {},
        MANAGERS,
        lambda w, before: AllocationRun.objects.get(pk=w.queued.pk).status == RunStatus.CANCELLED,
    ),
    (
        "drop a proposal",
        "allocations:run_drop",
        lambda w: [w.review.pk],
        lambda w: {"drop": [_review_proposal(w).pk]},
        MANAGERS,
        lambda w, before: (
            Proposal.objects.get(pk=_review_proposal(w).pk).status == ProposalStatus.DROPPED
        ),
    ),
    (
        "send the run",
        "allocations:run_send",
        lambda w: [w.review.pk],
        lambda w: {},
        MANAGERS,
        lambda w, before: AllocationRun.objects.get(pk=w.review.pk).sent_at is not None,
    ),
    (
        "confirm a proposal",
        "allocations:proposal_decide",
        lambda w: [w.proposal.pk, "confirmer"],
        lambda w: {},
        {"manager"},
        lambda w, before: (
            Proposal.objects.get(pk=w.proposal.pk).status == ProposalStatus.CONFIRMED
            and Participation.objects.filter(volunteer=w.proposal.volunteer).exists()
        ),
    ),
    (
        "decline a proposal",
        "allocations:proposal_decide",
        lambda w: [w.proposal.pk, "decliner"],
        lambda w: {},
        {"manager"},
        lambda w, before: Proposal.objects.get(pk=w.proposal.pk).status == ProposalStatus.DECLINED,
    ),
]


class _Rollback(Exception):
    pass


def _as(client, world, persona, check):
    client.logout()
    if world.people[persona]:
        client.force_login(world.people[persona])
    try:
        with transaction.atomic():
            check(client)
            raise _Rollback
    except _Rollback:
        pass


def _refused(response, persona, *, page=False):
    """Anonymous → log-in page; anybody else → 403/404, or for an action a redirect with the
    service's refusal (an officer choosing programmes they do not manage chooses none)."""
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("account_login"))
    return response.status_code in ((403, 404) if page else (302, 403, 404))


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_matrix(client, world, persona):
    failures = []
    for name, args, allowed in PAGES:

        def check(client, name=name, args=args, allowed=allowed):
            response = client.get(reverse(name, args=args(world)))
            if persona in allowed:
                ok = response.status_code == 200
            else:
                ok = _refused(response, persona, page=True)
            if not ok:
                failures.append((name, response.status_code))

        _as(client, world, persona, check)
    assert failures == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_action_matrix(client, world, persona, django_capture_on_commit_callbacks):
    failures = []
    for label, name, args, data, allowed, effect in ACTIONS:

        def check(
            client, label=label, name=name, args=args, data=data, allowed=allowed, effect=effect
        ):
            before = _state()
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse(name, args=args(world)), data(world))
            if persona in allowed:
                if response.status_code != 302 or not effect(world, before):
                    failures.append((label, response.status_code, "no effect"))
            elif not _refused(response, persona) or _state() != before:
                failures.append((label, response.status_code, "not refused or written"))

        _as(client, world, persona, check)
    assert failures == []
