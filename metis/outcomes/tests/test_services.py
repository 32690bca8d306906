"""A mission to its outcome forms, through the real services."""

import pytest
from django.core.exceptions import ValidationError

from metis.notifications.enums import NotificationKind
from metis.notifications.models import Notification
from metis.outcomes import services
from metis.outcomes.enums import Respondent
from metis.outcomes.models import Outcome
from metis.outcomes.selectors import awaited_respondent, outcome_figures, quotes

from .conftest import ANSWERS


def test_a_completed_mission_asks_both_sides_for_its_outcome(cycle, completed):
    asked = Notification.objects.filter(kind=NotificationKind.OUTCOME_REQUESTED)
    assert set(asked.values_list("user", flat=True)) == {cycle.employee.pk, cycle.manager.pk}
    assert awaited_respondent(cycle.employee, completed) == Respondent.VOLUNTEER
    assert awaited_respondent(cycle.manager, completed) == Respondent.ASSOCIATION
    assert awaited_respondent(cycle.referent, completed) is None


def test_a_mission_to_its_outcome_forms(cycle, completed):
    services.outcome_submit(
        participation=completed,
        respondent=Respondent.ASSOCIATION,
        data=ANSWERS,
        by=cycle.manager,
    )
    services.outcome_submit(
        participation=completed,
        respondent=Respondent.VOLUNTEER,
        data={**ANSWERS, "people_reached": 80, "satisfaction": 4, "quote_consent": False},
        by=cycle.employee,
    )
    outcomes = Outcome.objects.for_programme(cycle.programme)
    figures = outcome_figures(outcomes)
    # people reached are the association's count; satisfaction per side
    assert figures["forms"] == 2
    assert figures["people_reached"] == 120
    assert figures["association_satisfaction"] == 5
    assert figures["volunteer_satisfaction"] == 4
    published = quotes(outcomes)
    assert [q.quote for q in published] == ["Une aide précieuse pour notre AG."]
    assert published[0].signature == cycle.association.name
    assert awaited_respondent(cycle.manager, completed) is None
    with pytest.raises(ValidationError) as error:
        services.outcome_submit(
            participation=completed,
            respondent=Respondent.ASSOCIATION,
            data=ANSWERS,
            by=cycle.manager,
        )
    assert error.value.code == "already_answered"
    services.outcome_consent_withdraw(outcome=published[0], by=cycle.manager)
    assert quotes(outcomes) == []


def test_no_outcome_before_completion(cycle):
    participation = cycle.participation("active")
    with pytest.raises(ValidationError) as error:
        services.outcome_submit(
            participation=participation,
            respondent=Respondent.VOLUNTEER,
            data=ANSWERS,
            by=cycle.employee,
        )
    assert error.value.code == "not_completed"
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"satisfaction": 6}, "satisfaction"),
        ({"satisfaction": 0}, "satisfaction"),
        ({"results": " "}, "results"),
        ({"quote": "", "quote_consent": True}, "quote"),
    ],
)
def test_answers_are_checked(cycle, completed, changes, field):
    with pytest.raises(ValidationError) as error:
        services.outcome_submit(
            participation=completed,
            respondent=Respondent.VOLUNTEER,
            data={**ANSWERS, **changes},
            by=cycle.employee,
        )
    assert field in error.value.error_dict
    assert not Outcome.objects.exists()
