"""The evaluation report of a programme: its figures from real data through the services,
compared with the previous period of the same territory; on screen and as PDF, for the
programme's managers only."""

import datetime
from decimal import Decimal

from metis.outcomes.tests.conftest import ANSWERS
from metis.programmes.enums import ProgrammeStatus
from metis.programmes.tests.factories import ProgrammeFactory
from metis.reporting.evaluation import programme_evaluation


def test_a_report_with_the_previous_period(reported, previous):
    report = programme_evaluation(reported.programme)
    assert report["previous"] == previous
    rows = {row["key"]: row for row in report["rows"]}
    # make_cycle: two signed pledges (100 h + 1000 h), one subsidy voted with 40 h
    assert (rows["pledged"]["current"], rows["pledged"]["previous"]) == (
        Decimal("1100"),
        Decimal("200"),
    )
    assert rows["pledged"]["change"] == Decimal("450.0")
    assert (rows["allocated"]["current"], rows["allocated"]["previous"]) == (40, 50)
    assert rows["allocated"]["change"] == Decimal("-20.0")
    assert (rows["delivered"]["current"], rows["delivered"]["previous"]) == (6, 0)
    assert rows["delivered"]["change"] is None  # nothing to compare with
    assert (rows["companies"]["current"], rows["companies"]["previous"]) == (2, 1)
    assert rows["people_reached"]["current"] == 120
    assert rows["association_satisfaction"]["current"] == 5
    assert rows["volunteer_satisfaction"]["current"] == 4
    # the share of the cash drop made up, per association, from the dashboard's figures
    (association,) = report["associations"]
    assert association["association"] == reported.association.name
    assert association["hours_delivered"] == 6
    # only the consented quote
    assert [q.quote for q in report["quotes"]] == [ANSWERS["quote"]]


def test_the_programme_copied_from_is_the_previous_period(reported, previous):
    other = ProgrammeFactory(
        territory=reported.programme.territory,
        name="Plus ancienne",
        starts_on=previous.starts_on - datetime.timedelta(days=400),
        ends_on=previous.starts_on - datetime.timedelta(days=300),
        status=ProgrammeStatus.CLOSED,
    )
    programme = reported.programme
    programme.previous = other
    programme.save()
    assert programme_evaluation(programme)["previous"] == other
