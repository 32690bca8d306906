"""Writes about organisations: registration, activation, updates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.permissions import is_operator_staff, is_territory_officer
from metis.accounts.services import membership_create

from .enums import OrganisationStatus
from .models import Association, Company, CompanyFiscalYear

DUPLICATE_COMPANY = _("A company with this SIREN is already registered on METIS.")
DUPLICATE_ASSOCIATION = _("An association with this identifier is already registered on METIS.")
ALREADY_ACTIVE = _("This organisation is already active.")


def registers_for_others(user) -> bool:
    """Operator staff and territory officers register organisations on their behalf."""
    return is_operator_staff(user) or is_territory_officer(user)


@transaction.atomic
def company_register(*, user, data: dict) -> Company:
    """A person signs their company up; it waits for activation by the operator or the
    territory. The person becomes its first referent, unless they register it for the territory
    or the operator (they then invite its referents)."""
    if Company.objects.filter(siren=data["siren"]).exists():
        raise ValidationError({"siren": DUPLICATE_COMPANY})
    company = Company(status=OrganisationStatus.PENDING, **data)
    company.full_clean()
    company.save()
    if not registers_for_others(user):
        membership_create(user=user, role=Role.COMPANY_REFERENT, organisation=company)
    return company


@transaction.atomic
def association_register(*, user, data: dict) -> Association:
    """A person signs their association up; it waits for activation. The person becomes its
    first manager, unless they register it for the territory or the operator: an officer who
    became its manager could then activate it himself."""
    for field in ("rna", "siren"):
        if data.get(field) and Association.objects.filter(**{field: data[field]}).exists():
            raise ValidationError({field: DUPLICATE_ASSOCIATION})
    association = Association(status=OrganisationStatus.PENDING, **data)
    association.full_clean()
    association.save()
    if not registers_for_others(user):
        membership_create(user=user, role=Role.ASSOCIATION_MANAGER, organisation=association)
    return association


@transaction.atomic
def organisation_activate(*, organisation, by) -> None:
    organisation = type(organisation).objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == OrganisationStatus.ACTIVE:
        raise ValidationError(ALREADY_ACTIVE)
    organisation.status = OrganisationStatus.ACTIVE
    organisation._change_reason = f"activated by {by.pk}"
    organisation.save(update_fields=["status", "updated_at"])


@transaction.atomic
def organisation_update(*, organisation, data: dict):
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def fiscal_year_save(*, company, data: dict, fiscal_year=None) -> CompanyFiscalYear:
    fiscal_year = fiscal_year or CompanyFiscalYear(company=company)
    for name, value in data.items():
        setattr(fiscal_year, name, value)
    fiscal_year.full_clean()
    fiscal_year.save()
    return fiscal_year


@transaction.atomic
def territory_create(*, data: dict):
    from .models import Territory

    territory = Territory(status=OrganisationStatus.ACTIVE, **data)
    territory.full_clean()
    territory.save()
    return territory
