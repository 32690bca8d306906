"""A replay (the demo's past programme) calls the services with `now`, a past moment: what they
stamp, check against "today" and post on the ledger is that moment's, and nothing patches the
clock."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from metis.ledger.enums import PostingEvent
from metis.ledger.models import Posting
from metis.programmes import services
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus

pytestmark = pytest.mark.django_db

JANUARY = timezone.make_aware(datetime.datetime(2025, 1, 10, 10))
FEBRUARY = timezone.make_aware(datetime.datetime(2025, 2, 12, 10))
DECEMBER = timezone.make_aware(datetime.datetime(2025, 12, 31, 10))
DATA = {
    "name": "Sceaux 2025",
    "starts_on": datetime.date(2025, 1, 1),
    "ends_on": datetime.date(2025, 12, 31),
    "target_hours": Decimal("5000"),
    "reference_hourly_value": Decimal("45"),
}


def _latest_history(obj):
    return obj.history.order_by("-history_id").first()


def _open_programme(territory, officer):
    programme = services.programme_create(territory=territory, data=DATA, by=officer, now=JANUARY)
    return services.programme_open(programme=programme, by=officer, now=JANUARY)


def test_programme_created_and_opened_at_the_replayed_moment(territory, officer):
    programme = _open_programme(territory, officer)
    programme.refresh_from_db()
    assert programme.created_at == JANUARY and programme.updated_at == JANUARY
    assert [(h.history_change_reason, h.history_date) for h in programme.history.all()] == [
        ("opened", JANUARY),
        ("created", JANUARY),
    ]


def test_pledge_created_and_signed_at_the_replayed_moment(territory, officer, company, referent):
    programme = _open_programme(territory, officer)
    pledge = services.pledge_create(
        programme=programme,
        company=company,
        data={"hours": Decimal("200"), "starts_on": DATA["starts_on"], "ends_on": DATA["ends_on"]},
        by=referent,
        now=JANUARY,
    )
    services.pledge_sign(
        pledge=pledge, signer_name="Anne Roy", signed_on=JANUARY.date(), by=referent, now=JANUARY
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert pledge.created_at == JANUARY and pledge.updated_at == JANUARY
    assert {h.history_date for h in pledge.history.all()} == {JANUARY}
    posting = Posting.objects.get(event=PostingEvent.PLEDGE_SIGNED, programme=programme)
    assert posting.occurred_on == datetime.date(2025, 1, 10)


def test_a_signature_after_the_replayed_day_is_in_the_future(territory, officer, company, referent):
    programme = _open_programme(territory, officer)
    pledge = services.pledge_create(
        programme=programme,
        company=company,
        data={"hours": Decimal("200"), "starts_on": DATA["starts_on"], "ends_on": DATA["ends_on"]},
        by=referent,
        now=JANUARY,
    )
    with pytest.raises(ValidationError) as error:
        services.pledge_sign(
            pledge=pledge,
            signer_name="Anne Roy",
            signed_on=datetime.date(2025, 1, 11),
            by=referent,
            now=JANUARY,
        )
    assert str(services.SIGNATURE_IN_FUTURE) in error.value.messages
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DRAFT
    assert not Posting.objects.filter(programme=programme).exists()


def test_subsidy_proposed_and_voted_at_the_replayed_moment(
    territory, officer, company, referent, association
):
    programme = _open_programme(territory, officer)
    pledge = services.pledge_create(
        programme=programme,
        company=company,
        data={"hours": Decimal("200"), "starts_on": DATA["starts_on"], "ends_on": DATA["ends_on"]},
        by=referent,
        now=JANUARY,
    )
    services.pledge_sign(
        pledge=pledge, signer_name="Anne Roy", signed_on=JANUARY.date(), by=referent, now=JANUARY
    )
    subsidy = services.subsidy_propose(
        programme=programme,
        association=association,
        data={"cash_previous_period": 9000, "cash_current_period": 6000, "hours_credit": 80},
        by=officer,
        now=FEBRUARY,
    )
    with pytest.raises(ValidationError) as error:
        services.subsidy_vote(
            subsidy=subsidy,
            deliberation_reference="DEL-2025-01",
            deliberation_date=datetime.date(2025, 2, 13),
            by=officer,
            now=FEBRUARY,
        )
    assert str(services.DELIBERATION_IN_FUTURE) in error.value.messages
    assert not Posting.objects.filter(event=PostingEvent.ALLOCATION_VOTED).exists()
    services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-2025-01",
        deliberation_date=datetime.date(2025, 2, 10),
        by=officer,
        now=FEBRUARY,
    )
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.VOTED
    assert subsidy.created_at == FEBRUARY and subsidy.updated_at == FEBRUARY
    assert {h.history_date for h in subsidy.history.all()} == {FEBRUARY}
    posting = Posting.objects.get(event=PostingEvent.ALLOCATION_VOTED)
    assert posting.occurred_on == datetime.date(2025, 2, 10)


def test_programme_closed_at_the_replayed_moment(territory, officer, company, referent):
    programme = _open_programme(territory, officer)
    pledge = services.pledge_create(
        programme=programme,
        company=company,
        data={"hours": Decimal("200"), "starts_on": DATA["starts_on"], "ends_on": DATA["ends_on"]},
        by=referent,
        now=JANUARY,
    )
    services.pledge_sign(
        pledge=pledge, signer_name="Anne Roy", signed_on=JANUARY.date(), by=referent, now=JANUARY
    )
    services.programme_close(programme=programme, by=officer, now=DECEMBER)
    programme.refresh_from_db()
    pledge.refresh_from_db()
    assert programme.status == ProgrammeStatus.CLOSED and pledge.status == PledgeStatus.CLOSED
    assert programme.updated_at == DECEMBER and pledge.updated_at == DECEMBER
    assert _latest_history(programme).history_date == DECEMBER
    assert _latest_history(pledge).history_date == DECEMBER
    closing = Posting.objects.get(event=PostingEvent.PROGRAMME_CLOSED, programme=programme)
    assert closing.occurred_on == datetime.date(2025, 12, 31)
