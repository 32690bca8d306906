"""Named predicates about people and their memberships (django-rules).

Each predicate answers one question about the user (and an organisation); permissions in every
app are composed from them.
"""

import rules

from .enums import Role


def current_memberships(user):
    """The user's current memberships with their organisations, read once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_metis_memberships", None)
    if cached is None:
        cached = list(user.memberships.current().with_organisations())
        user._metis_memberships = cached
    return cached


def organisation_ids(user, role, field):
    """Ids of the organisations where the user currently holds `role`."""
    return {getattr(m, f"{field}_id") for m in current_memberships(user) if m.role == role}


@rules.predicate
def is_operator_staff(user):
    """The user is staff of an operator (sees every territory the platform runs)."""
    return any(m.role == Role.OPERATOR_STAFF for m in current_memberships(user))


@rules.predicate
def is_territory_officer(user):
    return any(m.role == Role.TERRITORY_OFFICER for m in current_memberships(user))


@rules.predicate
def is_company_referent(user):
    return any(m.role == Role.COMPANY_REFERENT for m in current_memberships(user))


@rules.predicate
def is_association_manager(user):
    return any(m.role == Role.ASSOCIATION_MANAGER for m in current_memberships(user))


@rules.predicate
def is_employee(user):
    return any(m.role == Role.EMPLOYEE for m in current_memberships(user))


@rules.predicate
def is_officer_of_territory(user, territory):
    return territory is not None and territory.pk in organisation_ids(
        user, Role.TERRITORY_OFFICER, "territory"
    )


@rules.predicate
def is_referent_of_company(user, company):
    return company is not None and company.pk in organisation_ids(
        user, Role.COMPANY_REFERENT, "company"
    )


@rules.predicate
def is_employee_of_company(user, company):
    return company is not None and company.pk in organisation_ids(user, Role.EMPLOYEE, "company")


@rules.predicate
def is_manager_of_association(user, association):
    return association is not None and association.pk in organisation_ids(
        user, Role.ASSOCIATION_MANAGER, "association"
    )


@rules.predicate
def is_staff_of_operator(user, operator):
    return operator is not None and operator.pk in organisation_ids(
        user, Role.OPERATOR_STAFF, "operator"
    )
