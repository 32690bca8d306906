"""Writes about mission outcomes (docs/evaluation.md): one form per respondent once the
participation is completed; consent to publish a quote can be withdrawn at any time."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from metis.core.clock import save_at
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation

from .enums import SATISFACTION_MAX, SATISFACTION_MIN
from .models import Outcome

MAX_PEOPLE = 10_000_000

NOT_COMPLETED = gettext_lazy("The outcome of a mission is told once it is completed.")
ALREADY_ANSWERED = gettext_lazy("This form has already been answered.")
SATISFACTION_OUT_OF_RANGE = gettext_lazy("Satisfaction is between 1 and 5.")
PEOPLE_ABSURD = gettext_lazy("The number of people reached is not plausible.")
RESULTS_REQUIRED = gettext_lazy("Tell what the mission achieved.")
CONSENT_WITHOUT_QUOTE = gettext_lazy("Write the quote you agree to publish, or untick the box.")


@transaction.atomic
def outcome_submit(
    *, participation, respondent: str, data: dict, by, now: datetime.datetime | None = None
) -> Outcome:
    """data: results, people_reached, learnt, satisfaction, quote, quote_consent."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != ParticipationStatus.COMPLETED:
        raise ValidationError(NOT_COMPLETED, code="not_completed")
    if Outcome.objects.filter(participation=participation, respondent=respondent).exists():
        raise ValidationError(ALREADY_ANSWERED, code="already_answered")
    results = (data.get("results") or "").strip()
    if not results:
        raise ValidationError({"results": ValidationError(RESULTS_REQUIRED, code="results")})
    satisfaction = data.get("satisfaction")
    if satisfaction is None or not SATISFACTION_MIN <= int(satisfaction) <= SATISFACTION_MAX:
        raise ValidationError(
            {"satisfaction": ValidationError(SATISFACTION_OUT_OF_RANGE, code="satisfaction")}
        )
    people = int(data.get("people_reached") or 0)
    if not 0 <= people <= MAX_PEOPLE:
        raise ValidationError({"people_reached": ValidationError(PEOPLE_ABSURD, code="people")})
    quote = (data.get("quote") or "").strip()
    consent = bool(data.get("quote_consent"))
    if consent and not quote:
        raise ValidationError({"quote": ValidationError(CONSENT_WITHOUT_QUOTE, code="consent")})
    outcome = Outcome(
        participation=participation,
        respondent=respondent,
        author=by,
        results=results,
        people_reached=people,
        learnt=(data.get("learnt") or "").strip(),
        satisfaction=int(satisfaction),
        quote=quote,
        quote_consent=consent,
    )
    save_at(outcome, now)
    return outcome


@transaction.atomic
def outcome_consent_withdraw(*, outcome, by) -> Outcome:
    """The author no longer wants the quote published: it leaves every public page."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    outcome.quote_consent = False
    outcome.save(update_fields=["quote_consent", "updated_at"])
    return outcome
