"""A call from opening to selection to subsidies, through the real services."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from metis.calls import services
from metis.calls.enums import ApplicationStatus, CallStatus
from metis.calls.models import Application, Score
from metis.ledger import selectors as ledger
from metis.programmes import services as programmes
from metis.programmes.enums import SubsidyStatus
from metis.programmes.models import MixedSubsidy
from metis.programmes.tests.factories import MixedSubsidyFactory, PledgeFactory

from .conftest import apply

NOW = datetime.datetime(2026, 2, 10, 10, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC)

pytestmark = pytest.mark.time_machine(LATER)


def _decide(call, association, **kwargs):
    application = call.applications.get(association=association)
    return services.Decision(application=application, **kwargs)


def test_a_call_from_opening_to_selection_to_subsidies(
    make_call,
    officer,
    committee_member,
    association,
    other_association,
    manager,
    other_manager,
    django_capture_on_commit_callbacks,
):
    call = make_call(committee=[committee_member])
    assert call.criteria == ["Utilité sociale", "Besoins réalistes"]
    services.call_open(call=call, by=officer)
    first = apply(call, association, manager, hours="120", cash="8000", now=NOW)
    second = apply(call, other_association, other_manager, hours="60", cash="3000", now=NOW)
    services.call_close(call=call, by=officer)
    services.application_score(application=first, scores={0: 5, 1: 4}, by=officer)
    services.application_score(application=first, scores={0: 3, 1: 4}, by=committee_member)
    services.application_score(application=second, scores={0: 2, 1: 1}, by=officer)
    # a scorer's second marks replace the first
    services.application_score(application=second, scores={0: 1, 1: 1}, by=officer)
    assert Score.objects.filter(application=second).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.call_select(
            call=call,
            decisions=[
                _decide(
                    call,
                    association,
                    selected=True,
                    hours_credit=Decimal("100"),
                    cash_current_period=Decimal("5000"),
                ),
                _decide(
                    call,
                    other_association,
                    selected=False,
                    reason="Le besoin relève d'un autre dispositif.",
                ),
            ],
            by=officer,
        )

    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED
    subsidy = first.subsidy
    assert subsidy.status == SubsidyStatus.PROPOSED
    assert (subsidy.cash_previous_period, subsidy.cash_current_period, subsidy.hours_credit) == (
        Decimal("8000.00"),
        Decimal("5000.00"),
        Decimal("100.00"),
    )
    # the programme's figures: a 3000 € drop, 100 h at 50 €/h = 5000 € → capped at 100 %
    assert subsidy.figures.cash_drop == Decimal("3000.00")
    assert second.status == ApplicationStatus.NOT_SELECTED
    assert second.subsidy is None
    assert MixedSubsidy.objects.filter(association=other_association).count() == 0
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "sélectionnée" in subjects[manager.email]
    assert "réponse" in subjects[other_manager.email]
    assert any("autre dispositif" in message.body for message in mail.outbox)
    # the proposed subsidy then follows the programme's own cycle: voted from the pool
    programmes.pledge_sign(
        pledge=PledgeFactory(programme=call.programme, hours=Decimal("500")),
        signer_name="Anne Roy",
        signed_on=datetime.date(2026, 1, 5),
        by=officer,
    )
    programmes.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-7",
        deliberation_date=datetime.date(2026, 3, 1),
        by=officer,
    )
    assert ledger.pool_balance(call.programme) == Decimal("400.00")


def test_applications_only_while_open_and_between_its_dates(
    make_call, officer, association, manager
):
    call = make_call()
    with pytest.raises(ValidationError) as error:
        apply(call, association, manager, now=NOW)
    assert error.value.code == "wrong_state"
    services.call_open(call=call, by=officer)
    with pytest.raises(ValidationError) as error:
        apply(call, association, manager)  # 10 March: after the closing date
    assert error.value.code == "outside_dates"
    apply(call, association, manager, now=NOW)
    with pytest.raises(ValidationError) as error:
        apply(call, association, manager, now=NOW)
    assert error.value.code == "already_applied"


def test_every_question_is_answered(make_call, officer, association, manager):
    call = make_call()
    services.call_open(call=call, by=officer)
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            call=call,
            association=association,
            data={
                "social_purpose": "x",
                "foreseen_needs": "y",
                "hours_wished": "10",
                "answers": [""],
            },
            by=manager,
            now=NOW,
        )
    assert error.value.code == "answers_missing"
    assert not Application.objects.exists()


def test_scores_only_while_scoring_and_within_range(make_call, officer, association, manager):
    call = make_call()
    services.call_open(call=call, by=officer)
    application = apply(call, association, manager, now=NOW)
    with pytest.raises(ValidationError):
        services.application_score(application=application, scores={0: 3}, by=officer)
    services.call_close(call=call, by=officer)
    for scores in ({0: 6}, {5: 3}):
        with pytest.raises(ValidationError):
            services.application_score(application=application, scores=scores, by=officer)
    assert not Score.objects.exists()


def test_a_refusal_needs_its_reason_and_nothing_is_written(
    make_call, officer, association, other_association, manager, other_manager
):
    call = make_call()
    services.call_open(call=call, by=officer)
    apply(call, association, manager, now=NOW)
    apply(call, other_association, other_manager, now=NOW)
    services.call_close(call=call, by=officer)
    with pytest.raises(ValidationError) as error:
        services.call_select(
            call=call,
            decisions=[
                _decide(call, association, selected=True, hours_credit=Decimal("10")),
                _decide(call, other_association, selected=False, reason=" "),
            ],
            by=officer,
        )
    assert error.value.code == "reason_required"
    assert not MixedSubsidy.objects.exists()
    assert call.applications.filter(status=ApplicationStatus.SUBMITTED).count() == 2


def test_the_programme_rules_apply_to_the_selection(
    make_call, programme, officer, association, manager
):
    """An association that already has a subsidy in the programme: subsidy_propose refuses,
    the whole selection is rolled back."""
    call = make_call()
    services.call_open(call=call, by=officer)
    apply(call, association, manager, now=NOW)
    services.call_close(call=call, by=officer)
    MixedSubsidyFactory(programme=programme, association=association)
    with pytest.raises(ValidationError):
        services.call_select(
            call=call,
            decisions=[_decide(call, association, selected=True, hours_credit=Decimal("10"))],
            by=officer,
        )
    call.refresh_from_db()
    assert call.status == CallStatus.SCORING
    assert MixedSubsidy.objects.count() == 1


def test_the_committee_is_made_of_the_territorys_officers(make_call, other_officer):
    with pytest.raises(ValidationError) as error:
        make_call(committee=[other_officer])
    assert error.value.code == "committee_outside"
