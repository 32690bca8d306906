"""Writes of allocation runs and proposals. Nothing reaches a volunteer before the
association confirms: a confirmed proposal becomes an invitation (needs.participation_invite)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.needs.services import participations as participation_services
from metis.programmes.enums import ProgrammeStatus

from .models import UNFINISHED, AllocationRun, Proposal, ProposalStatus, RunStatus

NO_PROGRAMME = _("Choose at least one open programme.")
PROGRAMME_NOT_OPEN = _("Allocations run only on open programmes.")
RUN_IN_PROGRESS = _("An allocation of this programme is already running.")
RUN_NOT_DONE = _("This run is not finished.")
RUN_ALREADY_SENT = _("The proposals of this run have already been sent.")
NOTHING_TO_SEND = _("No proposal left to send.")
PROPOSAL_NOT_PROPOSED = _("Only a proposal not sent yet can be dropped.")
PROPOSAL_NOT_SENT = _("This proposal is not awaiting the association's decision.")
RUN_NOT_RUNNING = _("Only a queued or running allocation can be cancelled.")
RUN_CANCELLED = _("Cancelled by %(name)s.")
RUN_TIMED_OUT = _(
    "Stopped after %(minutes)s minutes without a result (is the task worker running?). Start "
    "the allocation again; if it stops again, tell the operator."
)
# An allocation of a whole territory takes seconds (bench_matching); a run still queued or
# running after this long has lost its worker.
RUN_TIMEOUT = datetime.timedelta(minutes=15)


def _require(condition, message):
    if not condition:
        raise ValidationError(message)


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


@transaction.atomic
def allocation_run_request(*, programmes, by) -> AllocationRun:
    """Queue an optimal allocation of `programmes` (the caller checked that `by` manages each
    of them); the task computes it in the background."""
    from .tasks import compute_allocation_run

    programmes = list(programmes)
    _require(programmes, NO_PROGRAMME)
    allocation_runs_expire()
    _require(all(p.status == ProgrammeStatus.OPEN for p in programmes), PROGRAMME_NOT_OPEN)
    _require(
        not AllocationRun.objects.filter(programmes__in=programmes, status__in=UNFINISHED).exists(),
        RUN_IN_PROGRESS,
    )
    territories = {p.territory_id for p in programmes}
    run = AllocationRun.objects.create(
        territory_id=territories.pop() if len(territories) == 1 else None, requested_by=by
    )
    run.programmes.set(programmes)
    transaction.on_commit(lambda: compute_allocation_run.enqueue(run.pk))
    return run


@transaction.atomic
def allocation_run_cancel(*, run, by) -> AllocationRun:
    """Stop a queued or running allocation: the worker skips it, or stops at its next step
    and writes no proposal."""
    run = _locked(AllocationRun, run)
    _require(run.is_running, RUN_NOT_RUNNING)
    run.status = RunStatus.CANCELLED
    run.error = str(RUN_CANCELLED % {"name": by.get_full_name() or by.email})
    run.save(update_fields=["status", "error", "updated_at"])
    return run


def allocation_runs_expire(*, now=None) -> int:
    """Runs still queued or running RUN_TIMEOUT after they were requested fail with a message
    for the person who started them (called by the worker's heartbeat and before a new run)."""
    cutoff = (now or timezone.now()) - RUN_TIMEOUT
    message = str(RUN_TIMED_OUT % {"minutes": int(RUN_TIMEOUT.total_seconds() // 60)})
    return AllocationRun.objects.filter(status__in=UNFINISHED, created_at__lt=cutoff).update(
        status=RunStatus.FAILED, error=message, updated_at=timezone.now()
    )


def _check_reviewable(run):
    _require(run.status == RunStatus.DONE, RUN_NOT_DONE)
    _require(run.sent_at is None, RUN_ALREADY_SENT)


@transaction.atomic
def proposal_drop(*, proposal, by) -> Proposal:
    proposal = _locked(Proposal, proposal)
    _check_reviewable(proposal.run)
    _require(proposal.status == ProposalStatus.PROPOSED, PROPOSAL_NOT_PROPOSED)
    proposal.status = ProposalStatus.DROPPED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return proposal


@transaction.atomic
def proposals_drop(*, run, proposal_ids, by) -> int:
    """Drop the run's proposals among `proposal_ids` (others are ignored)."""
    run = _locked(AllocationRun, run)
    _check_reviewable(run)
    dropped = 0
    for proposal in run.proposals.filter(pk__in=proposal_ids, status=ProposalStatus.PROPOSED):
        proposal_drop(proposal=proposal, by=by)
        dropped += 1
    return dropped


@transaction.atomic
def proposals_send(*, run, by) -> int:
    """Send the run's proposals not dropped to the associations (each confirms or declines)."""
    run = _locked(AllocationRun, run)
    _check_reviewable(run)
    to_send = run.proposals.filter(status=ProposalStatus.PROPOSED)
    _require(to_send.exists(), NOTHING_TO_SEND)
    sent = to_send.update(status=ProposalStatus.SENT, updated_at=timezone.now())
    run.sent_at, run.sent_by = timezone.now(), by
    run.save(update_fields=["sent_at", "sent_by", "updated_at"])
    return sent


@transaction.atomic
def proposal_confirm(*, proposal, by, message: str = "") -> Proposal:
    """The association confirms: the volunteer is invited (the normal participation flow
    follows: the volunteer accepts, the employer approves the hours)."""
    proposal = _locked(Proposal, proposal)
    _require(proposal.status == ProposalStatus.SENT, PROPOSAL_NOT_SENT)
    participation = participation_services.participation_invite(
        need=proposal.need,
        volunteer=proposal.volunteer,
        by=by,
        message=message
        or str(
            _("Proposed by the territory's allocation: %(hours)s h.") % {"hours": proposal.hours}
        ),
    )
    participation.planned_hours = proposal.hours
    participation.save(update_fields=["planned_hours", "updated_at"])
    proposal.status = ProposalStatus.CONFIRMED
    proposal.participation = participation
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_decline(*, proposal, by) -> Proposal:
    proposal = _locked(Proposal, proposal)
    _require(proposal.status == ProposalStatus.SENT, PROPOSAL_NOT_SENT)
    proposal.status = ProposalStatus.DECLINED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return proposal
