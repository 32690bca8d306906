"""Any employee joins the Service Civique Professionnel (docs/rules.md § 8), even when their
company is not on METIS: they name their employer by its SIREN, become its employee on METIS,
its HR contact is invited as referent, and their account gets the year's hours when the year
is open. The company, unknown until then, is created "not joined": no pledge, no approval, no
activation list until it signs up itself."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.services import invitations_send, membership_create
from metis.organisations.enums import LegalForm, OrganisationStatus
from metis.organisations.identifiers import clean_siren
from metis.organisations.models import Company

from .selectors import civic_programme_of
from .services import civic_person_credit

NAME_REQUIRED = gettext_lazy("Give the name of your employer.")
COMMUNE_REQUIRED = gettext_lazy("Give the commune of your employer.")
INVALID_EMAIL = gettext_lazy("Give a valid e-mail address for the HR contact.")
INACTIVE_USER = gettext_lazy("This account is closed: it cannot join the Service Civique.")
ON_METIS = gettext_lazy(
    "%(company)s is already on METIS: ask its referent to invite you as an employee."
)
OTHER_EMPLOYER = gettext_lazy(
    "You are already an employee of %(company)s on METIS: end that employment first (ask its "
    "referent) before naming another employer."
)


def _check(*, user, siren, company_name, hr_email) -> tuple[str, str, str]:
    """The cleaned SIREN, name and e-mail, or a ValidationError per field."""
    errors = {}
    if not user.is_active or user.erased_at is not None:
        raise ValidationError(INACTIVE_USER, code="inactive_user")
    try:
        siren = clean_siren(siren or "")
    except ValidationError as error:
        errors["siren"] = error
    company_name = (company_name or "").strip()
    if not company_name:
        errors["company_name"] = ValidationError(NAME_REQUIRED, code="name_required")
    hr_email = (hr_email or "").strip().lower()
    try:
        validate_email(hr_email)
    except ValidationError:
        errors["hr_email"] = ValidationError(INVALID_EMAIL, code="invalid_email")
    if errors:
        raise ValidationError(errors)
    return siren, company_name, hr_email


def _employer(user, siren, company_name, commune, today) -> Company:
    """The company of this SIREN, else a new one, not joined (its HR completes the profile). A
    company on METIS lets in only the employees its referents invite."""
    company = Company.objects.select_for_update().filter(siren=siren).first()
    if company is not None:
        if company.status != OrganisationStatus.NOT_JOINED and not _employee_of(user, company):
            raise ValidationError(ON_METIS, code="on_metis", params={"company": company})
        return company
    if commune is None:
        raise ValidationError({"commune": ValidationError(COMMUNE_REQUIRED, code="no_commune")})
    company = Company(
        status=OrganisationStatus.NOT_JOINED,
        name=company_name,
        siren=siren,
        legal_form=LegalForm.OTHER,
        address="",
        commune=commune,
        fiscal_year_end=datetime.date(today.year, 12, 31),
    )
    company.full_clean(exclude=["address", "siren"])
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:  # a colleague named it at the same moment
        return _employer(user, siren, company_name, commune, today)
    return company


def _employee_of(user, company) -> bool:
    return (
        Membership.objects.current().filter(user=user, role=Role.EMPLOYEE, company=company).exists()
    )


@transaction.atomic
def civic_employee_join(*, user, siren, company_name, hr_email, commune=None, now=None) -> Company:
    """The person names their employer (SIREN, name, commune when it is new to METIS) and its
    HR contact's e-mail: they become its employee on METIS, the HR contact is invited as its
    referent, and the person's account is credited for the year when the year is open.
    Refused, with nothing written, for bad input, someone employed elsewhere on METIS, or a
    company already on METIS (its referents invite their employees)."""
    siren, company_name, hr_email = _check(
        user=user, siren=siren, company_name=company_name, hr_email=hr_email
    )
    elsewhere = (
        Membership.objects.current()
        .filter(user=user, role=Role.EMPLOYEE)
        .exclude(company__siren=siren)
        .select_related("company")
        .first()
    )
    if elsewhere is not None:
        raise ValidationError(
            OTHER_EMPLOYER, code="other_employer", params={"company": elsewhere.company}
        )
    now = now or timezone.now()
    company = _employer(user, siren, company_name, commune, timezone.localdate(now))
    if not _employee_of(user, company):
        membership_create(user=user, role=Role.EMPLOYEE, organisation=company, now=now)
    if company.status == OrganisationStatus.NOT_JOINED:
        reason = _(
            "%(person)s, one of your employees, asked to join the Service Civique Professionnel "
            "(one day a year of skills sponsorship) and named you as the HR contact of "
            "%(company)s."
        ) % {"person": user.get_full_name() or user.email, "company": company}
        invitations_send(
            organisation=company,
            role=Role.COMPANY_REFERENT,
            people=[{"email": hr_email}],
            by=user,
            reason=reason,
        )
    year = timezone.localdate(now).year
    programme = civic_programme_of(year)
    if programme is not None and not programme.is_closed:
        civic_person_credit(person=user, year=year, by=user)
    return company
