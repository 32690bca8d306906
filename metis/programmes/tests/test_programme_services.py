import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from metis.ledger import selectors as ledger
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind
from metis.programmes import services
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from metis.programmes.tests.factories import MixedSubsidyFactory, PledgeFactory

pytestmark = pytest.mark.django_db
DATA = {
    "name": "Sceaux 2027",
    "starts_on": datetime.date(2027, 1, 1),
    "ends_on": datetime.date(2027, 12, 31),
    "target_hours": Decimal("5000"),
    "reference_hourly_value": Decimal("45"),
}


def test_programme_create_open_and_history(territory, officer):
    programme = services.programme_create(territory=territory, data=DATA, by=officer)
    assert programme.status == ProgrammeStatus.DRAFT
    services.programme_open(programme=programme, by=officer)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.OPEN
    assert [h.history_change_reason for h in programme.history.all()] == ["opened", "created"]
    with pytest.raises(ValidationError, match=str(services.PROGRAMME_NOT_DRAFT)):
        services.programme_open(programme=programme, by=officer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": datetime.date(2026, 6, 1)}, services.PERIOD_REVERSED),
        ({"target_hours": Decimal("-1")}, services.HOURS_NEGATIVE),
        ({"reference_hourly_value": Decimal("0")}, None),
        ({"target_hours": Decimal("99999999")}, None),
    ],
)
def test_programme_create_refuses_absurd_figures(territory, officer, changes, message):
    with pytest.raises(ValidationError) as error:
        services.programme_create(territory=territory, data={**DATA, **changes}, by=officer)
    if message:
        assert str(message) in error.value.messages


def test_programme_names_are_unique_per_territory(territory, officer):
    services.programme_create(territory=territory, data=DATA, by=officer)
    with pytest.raises(ValidationError, match=str(services.DUPLICATE_NAME)):
        services.programme_create(territory=territory, data=DATA, by=officer)


def _signed_pledge(programme, referent, company, hours="300"):
    pledge = PledgeFactory(programme=programme, company=company, hours=Decimal(hours))
    return services.pledge_sign(
        pledge=pledge, signer_name="Anne Roy", signed_on=datetime.date(2026, 1, 15), by=referent
    )


def test_programme_close_expires_leftovers_and_closes_pledges_and_subsidies(
    programme, officer, referent, company, association
):
    pledge = _signed_pledge(programme, referent, company)
    subsidy = MixedSubsidyFactory(programme=programme, association=association, hours_credit=100)
    services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-2026-12",
        deliberation_date=datetime.date(2026, 2, 1),
        by=officer,
    )
    services.programme_close(programme=programme, by=officer)
    programme.refresh_from_db()
    pledge.refresh_from_db()
    subsidy.refresh_from_db()
    assert programme.status == ProgrammeStatus.CLOSED
    assert pledge.status == PledgeStatus.CLOSED
    assert subsidy.status == SubsidyStatus.CLOSED
    by_kind = ledger.balances_by_kind(programme)
    assert by_kind[AccountKind.POOL] == 0
    # territory side: pool 200 + credit 100; company side: the 300 h pledged, none used
    assert by_kind[AccountKind.EXPIRED] == Decimal("600")
    assert ledger_differences(programme) == []


def test_copy_to_next_period_invites_companies_and_associations_again(
    programme, officer, referent, company, association, manager, django_capture_on_commit_callbacks
):
    _signed_pledge(programme, referent, company)
    subsidy = MixedSubsidyFactory(
        programme=programme, association=association, cash_current_period=Decimal("6000")
    )
    services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-1",
        deliberation_date=datetime.date(2026, 2, 1),
        by=officer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        new = services.programme_copy_to_next_period(programme=programme, by=officer)
    assert new.name == "Sceaux 2027"
    assert (new.starts_on, new.ends_on) == (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    assert new.status == ProgrammeStatus.DRAFT and new.previous == programme
    pledge = new.pledges.get()
    assert (pledge.company, pledge.hours, pledge.status) == (company, Decimal("300"), "draft")
    copy = new.subsidies.get()
    assert copy.cash_previous_period == Decimal("6000") and copy.hours_credit == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([referent.email, manager.email])
    with pytest.raises(ValidationError):
        services.programme_copy_to_next_period(programme=programme, by=officer)


def test_a_draft_programme_cannot_be_copied(programme, officer):
    programme.status = ProgrammeStatus.DRAFT
    programme.save()
    with pytest.raises(ValidationError, match=str(services.PROGRAMME_DRAFT_CANNOT_BE_COPIED)):
        services.programme_copy_to_next_period(programme=programme, by=officer)
