"""The database keeps the civic shapes: a civic programme has no territory (a territorial one
has one), a person holds only civic accounts; and the benchmark runs on a small national
year in a database of its own."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from metis.civic import services
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.programmes.enums import ProgrammeKind
from metis.programmes.models import Programme
from metis.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_civic_programme_has_no_territory_and_a_territorial_one_has_one(db):
    territorial = ProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(territory=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(kind=ProgrammeKind.CIVIC, territory=territorial.territory)
    civic = services.civic_programme(2027)
    assert civic.territory is None and civic.name == "Service Civique Professionnel 2027"
    assert services.civic_programme(2027) == civic
    assert list(Programme.objects.territorial()) == [territorial]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(
            kind=ProgrammeKind.CIVIC, territory=None, starts_on=datetime.date(2027, 1, 1)
        )


def test_a_person_holds_only_civic_accounts(employee):
    programme = ProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(programme=programme, kind=AccountKind.POOL, person=employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(
            programme=services.civic_programme(2027), kind=AccountKind.CIVIC_ENTITLEMENT
        )
    assert not Account.objects.exists()


def test_bench_civic_days_credits_a_small_national_year(db):
    out = StringIO()
    call_command("bench_civic_days", accounts=2000, here=True, stdout=out)
    rows = {
        line.split("|")[0].strip(): [cell.strip() for cell in line.split("|")[1:]]
        for line in out.getvalue().splitlines()
        if "|" in line
    }
    assert rows["open the year"][0] == "2001"  # one line per person and the funding's
    assert rows["open it again"][0] == "0"
    assert rows["close the year"][0] == "2001"  # every account's 7 h expire
    assert rows["ledger_check"][-1] == "consistent"
