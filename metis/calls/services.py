"""Writes about calls for applications (docs/programme-calls.md). Each service checks the state
it starts from and runs in one transaction. The selection proposes the selected associations'
mixed subsidies through `metis.programmes.services.subsidy_propose` (its rules apply: an active
association, one subsidy per programme, figures checked) and e-mails each applicant its answer
once committed."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.core.clock import save_at
from metis.core.hours import quantize
from metis.core.mail import absolute_url, email_queue
from metis.organisations.enums import OrganisationStatus
from metis.programmes import services as programmes
from metis.programmes.enums import ProgrammeKind, ProgrammeStatus

from .enums import SCORE_MAX, SCORE_MIN, ApplicationStatus, CallStatus
from .models import Application, Call, Score

MAX_ITEMS = 20
MAX_HOURS_WISHED = Decimal("100000")

PROGRAMME_NOT_AVAILABLE = gettext_lazy(
    "Calls can only be made for a territorial programme that is not closed."
)
PERIOD_REVERSED = gettext_lazy("The closing date must not be before the opening date.")
NO_CRITERIA = gettext_lazy("Give at least one selection criterion.")
TOO_MANY_ITEMS = gettext_lazy("At most %(max)s criteria and %(max)s questions.")
COMMITTEE_OUTSIDE = gettext_lazy(
    "The committee is made of officers of the programme's territory: %(person)s is not one."
)
CALL_NOT_DRAFT = gettext_lazy("Only a draft call can be opened or changed.")
CALL_NOT_OPEN = gettext_lazy("The call is not open to applications.")
CALL_NOT_SCORING = gettext_lazy(
    "Applications are scored once the call is closed, before the selection."
)
CALL_OUTSIDE_DATES = gettext_lazy("Applications are received from %(start)s to %(end)s.")
ALREADY_APPLIED = gettext_lazy("%(association)s has already applied to this call.")
ASSOCIATION_NOT_ACTIVE = gettext_lazy("%(association)s is not active yet: it cannot apply.")
HOURS_WISHED_INVALID = gettext_lazy("The hours wished must be greater than 0 and at most %(max)s.")
CASH_NEGATIVE = gettext_lazy("An amount cannot be negative.")
ANSWERS_MISSING = gettext_lazy("Answer every question of the call.")
SCORE_OUT_OF_RANGE = gettext_lazy("A score is between %(min)s and %(max)s.")
UNKNOWN_CRITERION = gettext_lazy("This criterion is not one of the call's.")
DECISION_MISSING = gettext_lazy("Decide on every application: %(association)s has no decision.")
REASON_REQUIRED = gettext_lazy(
    "Give %(association)s the reason why it is not selected: it will receive it."
)
NOBODY_SELECTED = gettext_lazy("Select at least one association for the panel.")


def _lines(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [line.strip() for line in value or [] if line and line.strip()]


def _require(condition, message, code="wrong_state", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def _locked(call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _call_data(programme, data: dict) -> dict:
    criteria, questions = _lines(data.get("criteria")), _lines(data.get("questions"))
    if not criteria:
        raise ValidationError({"criteria": ValidationError(NO_CRITERIA, code="no_criteria")})
    _require(
        len(criteria) <= MAX_ITEMS and len(questions) <= MAX_ITEMS,
        TOO_MANY_ITEMS,
        "too_many",
        max=MAX_ITEMS,
    )
    if data["closes_on"] < data["opens_on"]:
        raise ValidationError(
            {"closes_on": ValidationError(PERIOD_REVERSED, code="period_reversed")}
        )
    return {
        "title": data["title"].strip(),
        "description": data.get("description", "").strip(),
        "criteria": criteria,
        "questions": questions,
        "opens_on": data["opens_on"],
        "closes_on": data["closes_on"],
    }


def _check_committee(programme, committee):
    officers = set(
        Membership.objects.current()
        .filter(role=Role.TERRITORY_OFFICER, territory=programme.territory)
        .values_list("user_id", flat=True)
    )
    for person in committee:
        _require(person.pk in officers, COMMITTEE_OUTSIDE, "committee_outside", person=person)


@transaction.atomic
def call_create(
    *, programme, data: dict, committee=(), by, now: datetime.datetime | None = None
) -> Call:
    """data: title, description, criteria and questions (lists or one per line), opens_on,
    closes_on. The committee: officers of the programme's territory."""
    _require(
        programme.kind == ProgrammeKind.TERRITORIAL and programme.status != ProgrammeStatus.CLOSED,
        PROGRAMME_NOT_AVAILABLE,
    )
    fields = _call_data(programme, data)
    committee = list(committee)
    _check_committee(programme, committee)
    if Call.objects.filter(programme=programme, title=fields["title"]).exists():
        raise ValidationError(
            {"title": ValidationError(_("This programme already has a call with this title."))}
        )
    call = Call(programme=programme, **fields)
    call._change_reason = "created"
    save_at(call, now)
    call.committee.set(committee)
    return call


@transaction.atomic
def call_open(*, call, by, now: datetime.datetime | None = None) -> Call:
    """draft → open: associations may apply between its dates."""
    call = _locked(call)
    _require(call.status == CallStatus.DRAFT, CALL_NOT_DRAFT)
    _require(call.programme.status != ProgrammeStatus.CLOSED, PROGRAMME_NOT_AVAILABLE)
    call.status = CallStatus.OPEN
    call._change_reason = "opened"
    save_at(call, now)
    return call


@transaction.atomic
def call_close(*, call, by, now: datetime.datetime | None = None) -> Call:
    """open → scoring: no more applications; the committee scores."""
    call = _locked(call)
    _require(call.status == CallStatus.OPEN, CALL_NOT_OPEN)
    call.status = CallStatus.SCORING
    call._change_reason = "closed to applications"
    save_at(call, now)
    return call


@transaction.atomic
def application_submit(
    *, call, association, data: dict, by, now: datetime.datetime | None = None
) -> Application:
    """data: social_purpose, foreseen_needs, hours_wished, cash_previous_period, answers (one
    per question of the call, in its order)."""
    call = _locked(call)
    today = timezone.localdate(now)
    _require(call.status == CallStatus.OPEN, CALL_NOT_OPEN)
    _require(
        call.opens_on <= today <= call.closes_on,
        CALL_OUTSIDE_DATES,
        "outside_dates",
        start=call.opens_on.strftime("%d/%m/%Y"),
        end=call.closes_on.strftime("%d/%m/%Y"),
    )
    _require(
        association.status == OrganisationStatus.ACTIVE,
        ASSOCIATION_NOT_ACTIVE,
        "not_active",
        association=association,
    )
    _require(
        not call.applications.filter(association=association).exists(),
        ALREADY_APPLIED,
        "already_applied",
        association=association,
    )
    hours = quantize(data.get("hours_wished") or 0)
    if not (0 < hours <= MAX_HOURS_WISHED):
        raise ValidationError(
            {
                "hours_wished": ValidationError(
                    HOURS_WISHED_INVALID, code="hours_invalid", params={"max": MAX_HOURS_WISHED}
                )
            }
        )
    cash = quantize(data.get("cash_previous_period") or 0)
    if cash < 0:
        raise ValidationError({"cash_previous_period": ValidationError(CASH_NEGATIVE)})
    answers = [str(answer or "").strip() for answer in data.get("answers", [])]
    _require(
        len(answers) == len(call.questions) and all(answers), ANSWERS_MISSING, "answers_missing"
    )
    application = Application(
        call=call,
        association=association,
        social_purpose=data["social_purpose"].strip(),
        foreseen_needs=data["foreseen_needs"].strip(),
        hours_wished=hours,
        cash_previous_period=cash,
        answers=answers,
        submitted_by=by,
    )
    application._change_reason = "submitted"
    save_at(application, now)
    return application


@transaction.atomic
def application_score(*, application, scores: dict, by, comment: str = "", now=None) -> list[Score]:
    """scores: {criterion index: 0–5}; a scorer's earlier marks are replaced."""
    call = _locked(application.call)
    _require(call.status == CallStatus.SCORING, CALL_NOT_SCORING)
    saved = []
    for criterion, value in scores.items():
        criterion = int(criterion)
        _require(0 <= criterion < len(call.criteria), UNKNOWN_CRITERION, "unknown_criterion")
        _require(
            value is not None and SCORE_MIN <= int(value) <= SCORE_MAX,
            SCORE_OUT_OF_RANGE,
            "score_out_of_range",
            min=SCORE_MIN,
            max=SCORE_MAX,
        )
        score, _created = Score.objects.update_or_create(
            application=application,
            scorer=by,
            criterion=criterion,
            defaults={"value": int(value), "comment": (comment or "").strip()[:500]},
        )
        saved.append(score)
    return saved


@dataclass(frozen=True)
class Decision:
    """The officer's decision on one application: selected with the subsidy's figures, or not
    selected with the reason the association receives."""

    application: Application
    selected: bool
    hours_credit: Decimal = Decimal(0)
    cash_current_period: Decimal = Decimal(0)
    reason: str = ""


@transaction.atomic
def call_select(*, call, decisions: list[Decision], by, now=None) -> Call:
    """scoring → decided. Every application is decided: the selected ones get their mixed
    subsidy proposed (cash of last period from the application, this period's cash and the
    hours credit from the decision) through the programmes' service, whose rules apply; the
    others get the reason. Each association's managers are e-mailed the answer."""
    call = _locked(call)
    _require(call.status == CallStatus.SCORING, CALL_NOT_SCORING)
    by_application = {d.application.pk: d for d in decisions}
    applications = list(
        call.applications.select_for_update().select_related("association").order_by("pk")
    )
    for application in applications:
        _require(
            application.pk in by_application,
            DECISION_MISSING,
            "decision_missing",
            association=application.association,
        )
    _require(any(d.selected for d in by_application.values()), NOBODY_SELECTED, "nobody")
    for application in applications:
        decision = by_application[application.pk]
        if decision.selected:
            application.subsidy = programmes.subsidy_propose(
                programme=call.programme,
                association=application.association,
                data={
                    "cash_previous_period": application.cash_previous_period,
                    "cash_current_period": decision.cash_current_period,
                    "hours_credit": decision.hours_credit,
                },
                by=by,
                now=now,
            )
            application.status = ApplicationStatus.SELECTED
            application.decision_reason = (decision.reason or "").strip()
        else:
            reason = (decision.reason or "").strip()
            _require(
                reason,
                REASON_REQUIRED,
                "reason_required",
                association=application.association,
            )
            application.status = ApplicationStatus.NOT_SELECTED
            application.decision_reason = reason
        application._change_reason = "decided"
        save_at(application, now)
    call.status = CallStatus.DECIDED
    call._change_reason = "panel selected"
    save_at(call, now)
    for application in applications:
        _tell_applicant(application)
    return call


def _tell_applicant(application):
    recipients = sorted(
        set(
            Membership.objects.current()
            .filter(role=Role.ASSOCIATION_MANAGER, association=application.association)
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return
    call = application.call
    if application.status == ApplicationStatus.SELECTED:
        subject = _("METIS: %(association)s is selected for %(call)s")
        body = _(
            "Your application to %(call)s is selected. A mixed subsidy of %(hours)s hours of "
            "skills-based sponsorship and %(cash)s € is proposed to the council of "
            "%(territory)s; you will be told when it is voted. Follow it here: %(url)s"
        )
    else:
        subject = _("METIS: the answer to your application to %(call)s")
        body = _(
            "Your application to %(call)s is not selected this time. The reason given by "
            "%(territory)s: %(reason)s. Details: %(url)s"
        )
    params = {
        "association": application.association,
        "call": call,
        "territory": call.programme.territory,
        "hours": application.subsidy.hours_credit if application.subsidy else "",
        "cash": application.subsidy.cash_current_period if application.subsidy else "",
        "reason": application.decision_reason,
        "url": absolute_url(application.get_absolute_url()),
    }
    email_queue(to=recipients, subject=subject % params, body=body % params)
