"""Runs, proposals and their screens: end to end, nothing to a volunteer before the
association confirms (the permissions of every view × persona: test_permissions.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.tests.factories import operator_staff_with_totp
from metis.allocations import services
from metis.allocations.models import AllocationRun, Proposal, ProposalStatus, RunStatus
from metis.needs.models import Participation

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(AllocationRun.objects.order_by("pk").values_list("pk", "status", "sent_at")),
        list(Proposal.objects.order_by("pk").values_list("pk", "status")),
        Participation.objects.count(),
    )


def _run(market, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.allocation_run_request(programmes=[market.programme], by=market.officer)


def test_run_computes_and_stores_figures(market, django_capture_on_commit_callbacks):
    run = _run(market, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100, run.error
    assert run.territory == market.programme.territory
    assert run.hours == 20  # 12 h + 8 h asked, both volunteers have enough
    assert run.objective > 0 and run.fcfs_objective > 0
    assert run.objective >= run.fcfs_objective
    assert run.data_as_of is not None and set(run.timings) >= {"read", "score", "solve", "write"}
    proposals = list(run.proposals.all())
    assert sum(p.hours for p in proposals) == 20
    assert all(p.status == ProposalStatus.PROPOSED and p.reasons for p in proposals)
    # nothing reaches a volunteer or an association before sending and confirmation
    assert not Participation.objects.exists()


def test_end_to_end_in_the_browser(market, client, django_capture_on_commit_callbacks):
    client.force_login(market.officer)
    url = reverse("allocations:programme_runs", args=[market.programme.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("allocations:run_request", args=[market.programme.pk]))
    run = AllocationRun.objects.get()
    assert response.url == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Gain" in page or "+" in page
    assert client.get(reverse("allocations:run_progress", args=[run.pk])).status_code == 200
    proposals = list(run.proposals.order_by("pk"))
    assert len(proposals) >= 2
    dropped, kept = proposals[0], proposals[1:]
    client.post(reverse("allocations:run_drop", args=[run.pk]), {"drop": [dropped.pk]})
    client.post(reverse("allocations:run_send", args=[run.pk]))
    dropped.refresh_from_db()
    assert dropped.status == ProposalStatus.DROPPED
    assert not Participation.objects.exists()  # sent is not confirmed

    client.force_login(market.manager)
    page = client.get(reverse("allocations:association_proposals")).content.decode()
    assert str(kept[0].volunteer) in page
    confirmed = kept[0]
    client.post(reverse("allocations:proposal_decide", args=[confirmed.pk, "confirmer"]))
    confirmed.refresh_from_db()
    assert confirmed.status == ProposalStatus.CONFIRMED
    participation = confirmed.participation
    assert participation.origin == "invitation" and participation.status == "invited"
    assert participation.volunteer == confirmed.volunteer
    assert participation.planned_hours == confirmed.hours
    for declined in kept[1:]:
        client.post(reverse("allocations:proposal_decide", args=[declined.pk, "decliner"]))
        declined.refresh_from_db()
        assert declined.status == ProposalStatus.DECLINED and declined.participation is None
    assert Participation.objects.count() == 1
    # the dropped proposal never reached the association
    response = client.post(reverse("allocations:proposal_decide", args=[dropped.pk, "confirmer"]))
    assert response.status_code == 404


def test_unsent_proposals_cannot_be_confirmed(market, django_capture_on_commit_callbacks):
    run = _run(market, django_capture_on_commit_callbacks)
    proposal = run.proposals.first()
    with pytest.raises(Exception):  # noqa: B017, PT011
        services.proposal_confirm(proposal=proposal, by=market.manager)
    assert not Participation.objects.exists()


def test_a_second_run_waits_for_the_first(market):
    services.allocation_run_request(programmes=[market.programme], by=market.officer)
    with pytest.raises(Exception):  # noqa: B017, PT011
        services.allocation_run_request(programmes=[market.programme], by=market.officer)


def test_operator_runs_several_programmes(market, client, django_capture_on_commit_callbacks):
    staff = operator_staff_with_totp(market.programme.territory.operator)
    client.force_login(staff)
    assert client.get(reverse("allocations:operator_runs")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("allocations:operator_runs"), {"programmes": [market.programme.pk]})
    assert AllocationRun.objects.get().status == RunStatus.DONE


# Background job: state visible to the requester, cancel, time-out ---------------------------


def _queued(market, django_capture_on_commit_callbacks):
    """A run requested whose task has not run yet; returns it and the pending enqueue."""
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.allocation_run_request(programmes=[market.programme], by=market.officer)
    return run, callbacks


def test_the_requester_cancels_a_queued_run_and_the_worker_skips_it(
    market, client, django_capture_on_commit_callbacks
):
    run, callbacks = _queued(market, django_capture_on_commit_callbacks)
    client.force_login(market.officer)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "En attente" in page
    assert reverse("allocations:run_cancel", args=[run.pk]) in page
    response = client.post(reverse("allocations:run_cancel", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.error == f"Annulée par {market.officer.get_full_name()}."
    for callback in callbacks:  # the worker picks the task up afterwards
        callback()
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED and not run.proposals.exists()
    assert "annulée" in client.get(run.get_absolute_url()).content.decode()


def test_a_run_cancelled_while_computing_stops_and_writes_nothing(market):
    from metis.allocations import engine

    run = AllocationRun.objects.create(requested_by=market.officer, status=RunStatus.RUNNING)
    run.programmes.set([market.programme])
    services.allocation_run_cancel(run=run, by=market.officer)
    with pytest.raises(engine.RunStopped):
        engine.compute(run)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED and run.progress == 0
    assert not run.proposals.exists()


def test_a_finished_run_cannot_be_cancelled(market, client, django_capture_on_commit_callbacks):
    run = _run(market, django_capture_on_commit_callbacks)
    before = _state()
    with pytest.raises(ValidationError) as refused:
        services.allocation_run_cancel(run=run, by=market.officer)
    assert refused.value.messages == [str(services.RUN_NOT_RUNNING)]
    client.force_login(market.officer)
    client.post(reverse("allocations:run_cancel", args=[run.pk]))
    assert _state() == before


def test_a_run_past_its_time_out_fails_with_a_message_and_frees_the_programme(
    market, client, django_capture_on_commit_callbacks
):
    run, _callbacks = _queued(market, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):  # one run at a time per programme
        services.allocation_run_request(programmes=[market.programme], by=market.officer)
    assert services.allocation_runs_expire(now=run.created_at + services.RUN_TIMEOUT / 2) == 0
    later = run.created_at + services.RUN_TIMEOUT + datetime.timedelta(seconds=1)
    assert services.allocation_runs_expire(now=later) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "15 minutes" in run.error
    client.force_login(market.officer)
    assert "15 minutes" in client.get(run.get_absolute_url()).content.decode()
    again = _run(market, django_capture_on_commit_callbacks)  # the programme is free again
    again.refresh_from_db()
    assert again.status == RunStatus.DONE
