"""Writes about organisations: registration, activation, updates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.permissions import is_operator_staff, is_territory_officer
from metis.accounts.services import membership_create
from metis.core.mail import absolute_url, email_queue

from .enums import OrganisationStatus, SignatoryQuality
from .models import Association, AssociationSignatory, Company, CompanyFiscalYear, Counterpart

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


DUPLICATE_TERRITORY = _("%(commune)s is already a METIS territory.")
OPERATOR_NOT_ACTIVE = _("Choose an active operator.")


@transaction.atomic
def territory_register(*, user, commune, operator, first_name: str, last_name: str):
    """A commune signs up (docs/evaluation.md, "A new commune"): its territory waits for the
    operator's activation; the person signing up, whose name is recorded on their account,
    becomes its first officer (nothing can be run on it until it is active)."""
    from .models import Territory

    if Territory.objects.filter(commune=commune).exists():
        raise ValidationError(
            {"commune": ValidationError(DUPLICATE_TERRITORY, params={"commune": commune.name})}
        )
    if operator.status != OrganisationStatus.ACTIVE:
        raise ValidationError({"operator": OPERATOR_NOT_ACTIVE})
    territory = Territory(
        status=OrganisationStatus.PENDING,
        commune=commune,
        operator=operator,
        name=f"Ville de {commune.name}",
    )
    territory.full_clean()
    territory.save()
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    membership_create(user=user, role=Role.TERRITORY_OFFICER, organisation=territory)
    return territory


LOCAL_KINDS = ("company", "association")
TERRITORY_NOT_ACTIVE = _("The territory must be active to invite its local organisations.")


@transaction.atomic
def territory_invite_local(*, territory, kind: str, people: list[dict], by) -> int:
    """A territory invites its local companies or associations in bulk (docs/evaluation.md):
    each person of the list (parsed by accounts.services.parse_invitation_list) is e-mailed
    the link to register their organisation, which the territory then activates. Returns how
    many were e-mailed."""
    if territory.status != OrganisationStatus.ACTIVE:
        raise ValidationError(TERRITORY_NOT_ACTIVE)
    if kind not in LOCAL_KINDS:
        raise ValidationError(_("Unknown kind of organisation."))
    page = (
        "organisations:company_register"
        if kind == "company"
        else ("organisations:association_register")
    )
    url = absolute_url(reverse(page))
    subject = _("%(territory)s invites you to METIS") % {"territory": territory.name}
    for person in people:
        body = _(
            "Hello %(name)s,\n\n%(territory)s runs METIS, the mixed subsidy that brings the "
            "skills of local companies' employees to the associations of the commune. "
            "%(inviter)s invites your %(kind)s to join: create your account with this address, "
            "then register your %(kind)s here: %(url)s\n\nThe METIS team"
        ) % {
            "name": person.get("first_name") or person["email"],
            "territory": territory.name,
            "inviter": by.get_full_name() or by.email,
            "kind": _("company") if kind == "company" else _("association"),
            "url": url,
        }
        email_queue(to=person["email"], subject=subject, body=body)
    return len(people)


@transaction.atomic
def territory_create(*, data: dict):
    from .models import Territory

    territory = Territory(status=OrganisationStatus.ACTIVE, **data)
    territory.full_clean()
    territory.save()
    return territory


# Receipt signatories (docs/rules.md § 5) ----------------------------------------------------------

NOT_A_MANAGER = _("Only a manager of the association on METIS can be recorded as a signatory.")
ALREADY_SIGNATORY = _("This person is already a signatory of the association.")
AUTHORISATION_REQUIRED = _(
    "Give the decision that authorises this person to sign the association's receipts."
)
QUALITY_TAKEN = _("The association already has a current %(quality)s: end that record first.")
SIGNATORY_ALREADY_ENDED = _("This signatory has already been removed.")
NAME_REQUIRED = _("Give the name printed on receipts.")


@transaction.atomic
def signatory_record(
    *, association, user, full_name: str, quality: str, authorisation: str = "", by
) -> AssociationSignatory:
    """Record a person who may sign the association's tax receipts: its president, its
    treasurer or a person it authorised (one current president and one current treasurer)."""
    from metis.accounts.permissions import is_manager_of_association

    association = Association.objects.select_for_update().get(pk=association.pk)
    full_name, authorisation = (full_name or "").strip(), (authorisation or "").strip()
    if not full_name:
        raise ValidationError({"full_name": NAME_REQUIRED})
    if not is_manager_of_association(user, association):
        raise ValidationError({"user": NOT_A_MANAGER})
    current = AssociationSignatory.objects.current().for_association(association)
    if current.filter(user=user).exists():
        raise ValidationError({"user": ALREADY_SIGNATORY})
    if quality == SignatoryQuality.AUTHORISED and not authorisation:
        raise ValidationError({"authorisation": AUTHORISATION_REQUIRED})
    if quality != SignatoryQuality.AUTHORISED and current.filter(quality=quality).exists():
        raise ValidationError(
            {"quality": QUALITY_TAKEN % {"quality": SignatoryQuality(quality).label.lower()}}
        )
    signatory = AssociationSignatory(
        association=association,
        user=user,
        full_name=full_name,
        quality=quality,
        authorisation=authorisation,
        recorded_by=by,
    )
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_end(*, signatory, by) -> AssociationSignatory:
    """The person may no longer sign; receipts they signed keep their name and quality."""
    signatory = AssociationSignatory.objects.select_for_update().get(pk=signatory.pk)
    if signatory.ended_at is not None:
        raise ValidationError(SIGNATORY_ALREADY_ENDED)
    signatory.ended_at = timezone.now()
    signatory.ended_by = by
    signatory.save(update_fields=["ended_at", "ended_by", "updated_at"])
    return signatory


# Counterparts (docs/rules.md § 4.6) ---------------------------------------------------------------

UNKNOWN_FISCAL_YEAR = _("Choose one of the company's fiscal years.")
DESCRIPTION_REQUIRED = _("Describe the counterpart.")


def company_fiscal_year_ends(company) -> list:
    """The company's fiscal year closing dates: those entered and the current one."""
    ends = set(company.fiscal_years.values_list("end_date", flat=True))
    ends.add(company.fiscal_year_end)
    return sorted(ends)


@transaction.atomic
def counterpart_record(
    *, company, association, fiscal_year_end, description: str, value, by
) -> Counterpart:
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED})
    if fiscal_year_end not in company_fiscal_year_ends(company):
        raise ValidationError({"fiscal_year_end": UNKNOWN_FISCAL_YEAR})
    counterpart = Counterpart(
        company=company,
        association=association,
        fiscal_year_end=fiscal_year_end,
        description=description,
        value=value,
        recorded_by=by,
    )
    counterpart.full_clean()
    counterpart.save()
    return counterpart


@transaction.atomic
def counterpart_delete(*, counterpart, by) -> None:
    Counterpart.objects.filter(pk=counterpart.pk).delete()
