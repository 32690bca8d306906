"""A charter's life: drafted from the template, presented to the council (one session for one
or several charters), approved or rejected, signed by both sides, followed up, renewed or
ended (docs/ecosystem.md § Life cycle)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.models import Membership

from ..enums import (
    COMMITMENTS,
    CharterStatus,
    CouncilOutcome,
    SignatorySide,
)
from ..models import (
    SIGNED_DELIBERATION_MAX_BYTES,
    Charter,
    CharterSignature,
    CommitmentAction,
    CouncilSession,
)
from ..texts import charter_sha256

CHARTER_FIELDS = ("title", "contributions", "starts_on", "ends_on")
PERIOD_REVERSED = gettext_lazy("The end of the period must be after its start.")
PARTNER_NOT_SERVING = gettext_lazy("This partner does not serve this territory.")
NO_CHARTER = gettext_lazy("Choose at least one draft charter to present to the council.")
NOT_A_DRAFT = gettext_lazy("Only draft charters of this territory can be presented.")
ALREADY_DECIDED = gettext_lazy("The council's decision has already been recorded.")
NUMBER_REQUIRED = gettext_lazy("Give the deliberation's number.")
FILE_REQUIRED = gettext_lazy("Attach the signed deliberation (PDF).")
FILE_TOO_LARGE = gettext_lazy("The file is too large (10 MB at most).")
OUTCOME_REQUIRED = gettext_lazy("Say whether the council approved or rejected the charters.")
NOT_APPROVED = gettext_lazy("The charter can be signed once the council has approved it.")
ALREADY_SIGNED = gettext_lazy("This side has already signed the charter.")
NOT_IN_FORCE = gettext_lazy("Only a charter in force can be renewed or ended.")
ALREADY_RENEWED = gettext_lazy("This charter has already been renewed.")
END_BEFORE_START = gettext_lazy("A charter cannot end before it starts.")
ACTION_OUTSIDE = gettext_lazy(
    "Actions are logged on a charter in force, on a date within its period."
)
NOT_A_SIGNATORY = gettext_lazy(
    "The commune signs through its mayor or an elected member with delegation, the partner "
    "through its staff."
)
UNKNOWN_COMMITMENT = gettext_lazy("Choose one of the charter's commitments.")


def _check_period(starts_on, ends_on):
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": PERIOD_REVERSED})


@transaction.atomic
def charter_draft(*, territory, partner, data: dict, by, renews=None) -> Charter:
    """A draft charter from the template: the five commitments (in French, as printed) and the
    partner's own contributions."""
    if not partner.territories.filter(pk=territory.pk).exists():
        raise ValidationError(PARTNER_NOT_SERVING)
    _check_period(data["starts_on"], data["ends_on"])
    with translation.override("fr"):
        commitments = [str(text) for text in COMMITMENTS]
    charter = Charter(
        territory=territory,
        partner=partner,
        commitments=commitments,
        renews=renews,
        **{name: data[name] for name in CHARTER_FIELDS},
    )
    charter._change_reason = f"drafted by {by.pk}"
    charter.full_clean()
    charter.save()
    return charter


@transaction.atomic
def charter_update(*, charter, data: dict, by) -> Charter:
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if charter.status != CharterStatus.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    _check_period(data["starts_on"], data["ends_on"])
    for name in CHARTER_FIELDS:
        setattr(charter, name, data[name])
    charter._change_reason = f"updated by {by.pk}"
    charter.save()
    return charter


@transaction.atomic
def council_session_prepare(
    *, territory, charters, session_date, rapporteur, context, by
) -> CouncilSession:
    """Put one or several draft charters on the council's agenda: one presentation note, one
    draft deliberation (texts.council_note / council_deliberation)."""
    ids = [charter.pk for charter in charters]
    if not ids:
        raise ValidationError({"charters": NO_CHARTER})
    locked = list(Charter.objects.select_for_update().filter(pk__in=ids))
    if len(locked) != len(set(ids)) or any(
        c.status != CharterStatus.DRAFT or c.territory_id != territory.pk for c in locked
    ):
        raise ValidationError({"charters": NOT_A_DRAFT})
    session = CouncilSession.objects.create(
        territory=territory,
        session_date=session_date,
        rapporteur=rapporteur,
        context=context,
        created_by=by,
    )
    for charter in locked:
        charter.status = CharterStatus.SUBMITTED
        charter.council_session = session
        charter._change_reason = f"submitted to the council by {by.pk}"
        charter.save(update_fields=["status", "council_session", "updated_at"])
    return session


@transaction.atomic
def council_decision_record(
    *, session, outcome, deliberation_number, signed_file=None, by
) -> CouncilSession:
    """The council voted: its outcome, the deliberation's number and (when approved) the
    signed deliberation; the session's charters become approved (awaiting signatures) or
    rejected. `signed_file`: an uploaded file (name, read())."""
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.outcome != CouncilOutcome.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    if outcome not in (CouncilOutcome.APPROVED, CouncilOutcome.REJECTED):
        raise ValidationError({"outcome": OUTCOME_REQUIRED})
    if not (deliberation_number or "").strip():
        raise ValidationError({"deliberation_number": NUMBER_REQUIRED})
    if outcome == CouncilOutcome.APPROVED and signed_file is None:
        raise ValidationError({"signed_file": FILE_REQUIRED})
    if signed_file is not None:
        if signed_file.size > SIGNED_DELIBERATION_MAX_BYTES:
            raise ValidationError({"signed_file": FILE_TOO_LARGE})
        data = signed_file.read()
        session.signed_deliberation = data
        session.signed_deliberation_name = signed_file.name[:200]
        session.signed_deliberation_sha256 = hashlib.sha256(data).hexdigest()
    session.outcome = outcome
    session.deliberation_number = deliberation_number.strip()
    session._change_reason = f"decision recorded by {by.pk}"
    session.save()
    status = (
        CharterStatus.APPROVED if outcome == CouncilOutcome.APPROVED else CharterStatus.REJECTED
    )
    for charter in Charter.objects.select_for_update().filter(council_session=session):
        charter.status = status
        charter._change_reason = f"council decision recorded by {by.pk}"
        charter.save(update_fields=["status", "updated_at"])
    return session


def _may_sign(user, charter, side) -> bool:
    """The commune's side: its mayor or an elected member with delegation; the partner's side:
    its staff."""
    if side == SignatorySide.COMMUNE:
        where = {"role": Role.ELECTED_MEMBER, "territory": charter.territory_id}
    elif side == SignatorySide.PARTNER:
        where = {"role": Role.PARTNER_STAFF, "partner": charter.partner_id}
    else:
        return False
    return Membership.objects.current().filter(user=user, **where).exists()


@transaction.atomic
def charter_sign(*, charter, side, by, now=None) -> CharterSignature:
    """One side signs the charter the council approved (who, when, SHA-256 of its text); once
    both the commune and the partner have signed, it is in force."""
    charter = Charter.objects.select_for_update().select_related("partner").get(pk=charter.pk)
    if charter.status != CharterStatus.APPROVED:
        raise ValidationError(NOT_APPROVED)
    if charter.signatures.filter(side=side).exists():
        raise ValidationError(ALREADY_SIGNED)
    if not _may_sign(by, charter, side):
        raise ValidationError(NOT_A_SIGNATORY)
    signature = CharterSignature.objects.create(
        charter=charter,
        side=side,
        signed_by=by,
        signed_at=now or timezone.now(),
        text_sha256=charter_sha256(charter),
    )
    if charter.signatures.count() == len(SignatorySide.values):
        charter.status = CharterStatus.IN_FORCE
        charter._change_reason = f"in force: signed by {by.pk}"
        charter.save(update_fields=["status", "updated_at"])
    return signature


@transaction.atomic
def charter_renew(*, charter, ends_on, by) -> Charter:
    """A new draft for the next period (same partner and contributions), to be voted again."""
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if charter.status != CharterStatus.IN_FORCE:
        raise ValidationError(NOT_IN_FORCE)
    if Charter.objects.filter(renews=charter).exists():
        raise ValidationError(ALREADY_RENEWED)
    return charter_draft(
        territory=charter.territory,
        partner=charter.partner,
        data={
            "title": charter.title,
            "contributions": charter.contributions,
            "starts_on": charter.ends_on,
            "ends_on": ends_on,
        },
        by=by,
        renews=charter,
    )


@transaction.atomic
def charter_end(*, charter, ended_on, reason, by) -> Charter:
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if charter.status != CharterStatus.IN_FORCE:
        raise ValidationError(NOT_IN_FORCE)
    if ended_on < charter.starts_on:
        raise ValidationError({"ended_on": END_BEFORE_START})
    charter.status = CharterStatus.ENDED
    charter.ended_on = ended_on
    charter.end_reason = reason
    charter._change_reason = f"ended by {by.pk}"
    charter.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return charter


@transaction.atomic
def action_log(*, charter, data: dict, by) -> CommitmentAction:
    """An action done under one commitment (0: the partner's own contributions)."""
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    done_on = data["done_on"]
    if charter.status != CharterStatus.IN_FORCE or not (
        charter.starts_on <= done_on <= charter.ends_on
    ):
        raise ValidationError({"done_on": ACTION_OUTSIDE})
    if not 0 <= int(data["commitment"]) <= len(COMMITMENTS):
        raise ValidationError({"commitment": UNKNOWN_COMMITMENT})
    action = CommitmentAction(
        charter=charter,
        commitment=int(data["commitment"]),
        done_on=done_on,
        description=data["description"],
        beneficiaries=data["beneficiaries"],
        people_reached=data.get("people_reached") or 0,
        logged_by=by,
    )
    action.full_clean()
    action.save()
    return action
