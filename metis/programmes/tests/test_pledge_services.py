import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.ledger import selectors as ledger
from metis.ledger.models import Posting
from metis.organisations.tests.factories import CompanyFactory
from metis.programmes import services
from metis.programmes.enums import PledgeStatus, ProgrammeStatus
from metis.programmes.tests.factories import PledgeFactory
from metis.skills.models import Skill

pytestmark = pytest.mark.django_db


def data(**changes):
    return {
        "hours": Decimal("250"),
        "starts_on": datetime.date(2026, 3, 1),
        "ends_on": datetime.date(2026, 12, 31),
        **changes,
    }


def test_pledge_create_with_skill_restrictions(programme, company, referent):
    skills = list(Skill.objects.filter(parent__isnull=False)[:2])
    pledge = services.pledge_create(
        programme=programme,
        company=company,
        data=data(skill_restrictions=skills),
        by=referent,
    )
    assert pledge.status == PledgeStatus.DRAFT
    assert set(pledge.skill_restrictions.all()) == set(skills)
    assert not Posting.objects.exists()  # a draft promises nothing yet


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": Decimal("0")}, services.HOURS_NOT_POSITIVE),
        ({"hours": Decimal("-3")}, services.HOURS_NEGATIVE),
        ({"ends_on": datetime.date(2027, 2, 1)}, None),  # outside the programme
        ({"starts_on": datetime.date(2025, 12, 1)}, None),
        ({"ends_on": datetime.date(2026, 2, 1)}, services.PERIOD_REVERSED),
    ],
)
def test_pledge_create_refuses_bad_hours_and_dates(programme, company, referent, changes, message):
    with pytest.raises(ValidationError) as error:
        services.pledge_create(
            programme=programme, company=company, data=data(**changes), by=referent
        )
    if message:
        assert str(message) in error.value.messages
    else:
        assert error.value.code == "dates_outside_programme"


def test_absurd_hours_are_refused(programme, company, referent):
    with pytest.raises(ValidationError) as error:
        services.pledge_create(
            programme=programme, company=company, data=data(hours=Decimal("5000000")), by=referent
        )
    assert "5000000.00 h" in error.value.messages[0]


def test_pending_company_cannot_pledge(programme, referent):
    with pytest.raises(ValidationError) as error:
        services.pledge_create(
            programme=programme, company=CompanyFactory(pending=True), data=data(), by=referent
        )
    assert error.value.code == "not_active"


def test_pledge_sign_posts_to_the_ledger(programme, company, referent):
    pledge = PledgeFactory(programme=programme, company=company, hours=Decimal("250"))
    services.pledge_sign(
        pledge=pledge,
        signer_name="Anne Roy",
        signer_title="DRH",
        signed_on=datetime.date(2026, 1, 10),
        by=referent,
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert ledger.pool_balance(programme) == Decimal("250")
    assert ledger.remaining_pledge(programme, company) == Decimal("250")
    posting = Posting.objects.get()
    assert posting.created_by == referent and posting.occurred_on == datetime.date(2026, 1, 10)
    with pytest.raises(ValidationError, match=str(services.PLEDGE_NOT_DRAFT)):
        services.pledge_sign(
            pledge=pledge, signer_name="X", signed_on=datetime.date(2026, 1, 10), by=referent
        )
    assert Posting.objects.count() == 1


def test_pledge_sign_needs_an_open_programme_a_signer_and_a_past_date(programme, referent):
    pledge = PledgeFactory(programme=programme)
    with pytest.raises(ValidationError, match=str(services.SIGNER_REQUIRED)):
        services.pledge_sign(
            pledge=pledge, signer_name=" ", signed_on=datetime.date(2026, 1, 1), by=referent
        )
    with pytest.raises(ValidationError, match=str(services.SIGNATURE_IN_FUTURE)):
        services.pledge_sign(
            pledge=pledge, signer_name="A", signed_on=datetime.date(2999, 1, 1), by=referent
        )
    programme.status = ProgrammeStatus.DRAFT
    programme.save()
    with pytest.raises(ValidationError, match=str(services.PROGRAMME_NOT_OPEN)):
        services.pledge_sign(
            pledge=pledge, signer_name="A", signed_on=datetime.date(2026, 1, 1), by=referent
        )
    assert not Posting.objects.exists()


def test_pledge_close(programme, referent):
    pledge = PledgeFactory(programme=programme)
    with pytest.raises(ValidationError, match=str(services.PLEDGE_NOT_SIGNED)):
        services.pledge_close(pledge=pledge, by=referent)
    services.pledge_sign(
        pledge=pledge, signer_name="A", signed_on=datetime.date(2026, 1, 1), by=referent
    )
    services.pledge_close(pledge=pledge, by=referent)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CLOSED
    assert ledger.pool_balance(programme) == pledge.hours  # stays usable until programme close
