import datetime
from decimal import Decimal

import factory

from metis.organisations.tests.factories import CompanyFactory, TerritoryFactory
from metis.programmes.enums import ProgrammeStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Programme {n} 2026")
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    target_hours = Decimal("10000")
    reference_hourly_value = Decimal("50")
    status = ProgrammeStatus.OPEN

    class Params:
        draft = factory.Trait(status=ProgrammeStatus.DRAFT)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A draft pledge (sign it through the service so that the ledger follows)."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    company = factory.SubFactory(CompanyFactory)
    hours = Decimal("100")
    starts_on = factory.LazyAttribute(lambda p: p.programme.starts_on)
    ends_on = factory.LazyAttribute(lambda p: p.programme.ends_on)


class MixedSubsidyFactory(factory.django.DjangoModelFactory):
    """A proposed subsidy (vote it through the service so that the ledger follows)."""

    class Meta:
        model = MixedSubsidy

    programme = factory.SubFactory(ProgrammeFactory)
    association = factory.SubFactory("metis.organisations.tests.factories.AssociationFactory")
    cash_previous_period = Decimal("10000")
    cash_current_period = Decimal("6000")
    hours_credit = Decimal("40")
