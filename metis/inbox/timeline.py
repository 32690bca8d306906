"""A participation's timeline for whoever sees its page: applied (or invited) → accepted →
approved by the employer → documents accepted by every party → active → completed, with dates,
and who must act now ("À vous d'agir" for the viewer, "En attente de" for the others).

Read from the participation's states and timestamps (its history for the acceptance) and from
the documents' acceptances (metis.documents.selectors.participation_acceptances, the same
acceptances the activation waits for)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from metis.accounts.permissions import is_manager_of_association, is_referent_of_company
from metis.documents.models import Party
from metis.documents.selectors import DOCUMENT_LABELS, participation_acceptances
from metis.needs.enums import ParticipationOrigin, ParticipationStatus, TimeEntryStatus

VOLUNTEER, ASSOCIATION, COMPANY = "volunteer", "association", "company"
ACTOR_OF_PARTY = {Party.EMPLOYEE: VOLUNTEER, Party.ASSOCIATION: ASSOCIATION, Party.COMPANY: COMPANY}
DONE, CURRENT, UPCOMING = "done", "current", "upcoming"
# The states that end a participation before it is completed.
ENDED = (ParticipationStatus.REFUSED, ParticipationStatus.WITHDRAWN, ParticipationStatus.CANCELLED)


@dataclass(frozen=True)
class Action:
    """Something an actor (volunteer, association, company) must do now."""

    actor: str
    label: str
    url: str


@dataclass
class Step:
    label: str
    state: str
    at: object = None
    # Documents step: one line per party's acceptance (accepted or awaited).
    acceptances: list = field(default_factory=list)


@dataclass
class Timeline:
    steps: list
    mine: list  # Actions for the viewer
    others: list  # (actor name, Action) waited for


def _party_label(party) -> str:
    return {
        Party.COMPANY: _("the company referent"),
        Party.ASSOCIATION: _("the association"),
        Party.EMPLOYEE: _("the employee"),
    }[party]


def _accepted_at(participation):
    """When the participation became accepted (its history; None before)."""
    record = (
        participation.history.filter(status=ParticipationStatus.ACCEPTED)
        .order_by("history_date")
        .first()
    )
    return record.history_date if record else None


def _actions(participation, acceptances) -> list[Action]:
    status = participation.status
    page = participation.get_absolute_url()
    if status == ParticipationStatus.APPLIED:
        return [
            Action(
                ASSOCIATION, _("answer the application"), reverse("needs:applications_to_review")
            )
        ]
    if status == ParticipationStatus.INVITED:
        return [Action(VOLUNTEER, _("answer the invitation"), page)]
    if status == ParticipationStatus.ACCEPTED:
        return [Action(COMPANY, _("approve the participation"), reverse("needs:approvals"))]
    if status == ParticipationStatus.APPROVED:
        return [
            Action(
                ACTOR_OF_PARTY[row.party],
                _("accept %(document)s") % {"document": DOCUMENT_LABELS[row.document]},
                row.url,
            )
            for row in acceptances
            if row.awaited
        ]
    if status == ParticipationStatus.ACTIVE:
        actions = [Action(VOLUNTEER, _("declare the hours worked"), page)]
        # The entries prefetched by the participation page, if it did.
        entries = participation.time_entries.all()
        if any(entry.status == TimeEntryStatus.DECLARED for entry in entries):
            actions.append(
                Action(
                    ASSOCIATION,
                    _("validate the declared hours"),
                    reverse("needs:hours_to_validate"),
                )
            )
        return actions
    return []


def _roles(user, participation) -> set:
    roles = set()
    if participation.volunteer_id == user.pk:
        roles.add(VOLUNTEER)
    if is_manager_of_association(user, participation.need.association):
        roles.add(ASSOCIATION)
    if is_referent_of_company(user, participation.company):
        roles.add(COMPANY)
    return roles


def _actor_name(actor, participation) -> str:
    volunteer = participation.volunteer
    return {
        VOLUNTEER: volunteer.get_full_name() or volunteer.email,
        ASSOCIATION: participation.need.association.name,
        COMPANY: _("%(company)s (the employer)") % {"company": participation.company.name},
    }[actor]


def _steps(participation, acceptances) -> list[Step]:
    status = participation.status
    invited = participation.origin == ParticipationOrigin.INVITATION
    accepted_at = _accepted_at(participation)
    # Activation is the one door after every party's acceptance (documents.services.activation).
    documents_done = participation.activated_at is not None
    reached = [
        (
            _("Invited by the association") if invited else _("Applied"),
            True,
            participation.created_at,
        ),
        (
            _("Invitation accepted") if invited else _("Accepted by the association"),
            accepted_at is not None,
            accepted_at,
        ),
        (_("Approved by the employer"), participation.approved_at is not None, None),
        (_("Documents accepted by every party"), documents_done, None),
        (_("Active: hours can be declared"), participation.activated_at is not None, None),
        (_("Completed"), status == ParticipationStatus.COMPLETED, participation.ended_at),
    ]
    dates = {
        2: participation.approved_at,
        3: participation.activated_at,
        4: participation.activated_at,
    }
    steps, current_set = [], False
    for index, (label, done, at) in enumerate(reached):
        if done:
            state = DONE
        elif not current_set and status not in ENDED:
            state, current_set = CURRENT, True
        else:
            state = UPCOMING
        steps.append(Step(label, state, at=dates.get(index, at) if done else None))
    documents = steps[3]
    if status in (ParticipationStatus.APPROVED, ParticipationStatus.ACTIVE) or (
        documents.state == DONE
    ):
        documents.acceptances = [
            {
                "label": _("%(document)s by %(party)s")
                % {
                    "document": DOCUMENT_LABELS[row.document],
                    "party": _party_label(row.party),
                },
                "at": None if row.awaited else row.acceptance.accepted_at,
                "url": row.url,
            }
            for row in acceptances
        ]
        if documents.state == DONE and acceptances:
            documents.at = max(row.acceptance.accepted_at for row in acceptances)
    if status in ENDED:
        # The steps not reached are dropped; the end is said with its reason.
        steps = [step for step in steps if step.state == DONE]
        label = participation.get_status_display()
        if participation.reason_code:
            label = f"{label} — {participation.reason_label}"
        steps.append(Step(label, DONE, at=participation.ended_at))
    return steps


def participation_timeline(participation, user) -> Timeline:
    acceptances = participation_acceptances(participation)
    actions = _actions(participation, acceptances)
    roles = _roles(user, participation)
    mine = [action for action in actions if action.actor in roles]
    others = [
        (_actor_name(action.actor, participation), action)
        for action in actions
        if action.actor not in roles
    ]
    return Timeline(_steps(participation, acceptances), mine, others)
