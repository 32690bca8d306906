import datetime
from decimal import Decimal

import factory
from stdnum import luhn

from metis.organisations.enums import FieldOfAction, LegalForm, OrganisationStatus
from metis.organisations.models import Association, Commune, Company, Operator, Territory

SCEAUX = "92071"


def _siren(n):
    base = f"{10000000 + n:08d}"
    return base + luhn.calc_check_digit(base)


def commune(code=SCEAUX):
    return Commune.objects.get(pk=code)


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Opérateur {n}")
    status = OrganisationStatus.ACTIVE


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("commune",)

    name = factory.LazyAttribute(lambda t: f"Ville de {t.commune.name}")
    commune = factory.LazyFunction(commune)
    operator = factory.SubFactory(OperatorFactory)
    status = OrganisationStatus.ACTIVE


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(_siren)
    legal_form = LegalForm.SAS
    address = "1 rue Houdan"
    commune = factory.LazyFunction(commune)
    headcount = 50
    fiscal_year_end = datetime.date(2026, 12, 31)
    status = OrganisationStatus.ACTIVE

    class Params:
        pending = factory.Trait(status=OrganisationStatus.PENDING)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Association {n}")
    rna = factory.Sequence(lambda n: f"W{920000000 + n:09d}")
    address = "2 rue des Écoles"
    commune = factory.LazyFunction(commune)
    statutory_object = "Aide aux devoirs et soutien scolaire"
    field_of_action = FieldOfAction.SOCIAL
    legal_representative = "Claire Martin"
    declared_on = datetime.date(2010, 5, 1)
    is_general_interest = True
    may_issue_tax_receipts = True
    status = OrganisationStatus.ACTIVE

    class Params:
        pending = factory.Trait(status=OrganisationStatus.PENDING)


def fiscal_year(company, end=datetime.date(2025, 12, 31), turnover="2000000", tax="8000"):
    return company.fiscal_years.create(
        end_date=end, turnover_excl_tax=Decimal(turnover), corporate_tax_due=Decimal(tax)
    )
