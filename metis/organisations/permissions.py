"""Who may see and change organisations (django-rules permissions built on named predicates)."""

import rules

from metis.accounts.permissions import (
    is_employee_of_company,
    is_manager_of_association,
    is_officer_of_territory,
    is_operator_staff,
    is_referent_of_company,
    is_staff_of_operator,
    is_territory_officer,
)


@rules.predicate
def is_officer_for_commune_of(user, organisation):
    """The user is an officer of a territory covering the organisation's commune (same commune
    or same intercommunality)."""
    if organisation is None:
        return False
    from .selectors import communes_covered_by

    return organisation.commune_id in communes_covered_by(user)


@rules.predicate
def is_staff_of_territory_operator(user, territory):
    return territory is not None and is_staff_of_operator(user, territory.operator)


can_view_company = (
    is_operator_staff
    | is_referent_of_company
    | is_employee_of_company
    | (is_officer_for_commune_of)
)
can_change_company = is_operator_staff | is_referent_of_company
# Nobody activates an organisation they belong to.
can_activate_company = (is_operator_staff | is_officer_for_commune_of) & ~is_referent_of_company
can_activate_association = (
    is_operator_staff | is_officer_for_commune_of
) & ~is_manager_of_association
can_view_association = is_operator_staff | is_manager_of_association | is_officer_for_commune_of
can_change_association = is_operator_staff | is_manager_of_association
can_view_territory = is_staff_of_territory_operator | is_officer_of_territory
can_change_territory = is_staff_of_territory_operator | is_officer_of_territory
can_create_territory = is_operator_staff

rules.add_perm("organisations.view_company", can_view_company)
rules.add_perm("organisations.change_company", can_change_company)
rules.add_perm("organisations.manage_company_members", is_operator_staff | is_referent_of_company)
rules.add_perm("organisations.activate_company", can_activate_company)
rules.add_perm("organisations.view_association", can_view_association)
rules.add_perm("organisations.change_association", can_change_association)
rules.add_perm(
    "organisations.manage_association_members", is_operator_staff | is_manager_of_association
)
rules.add_perm("organisations.activate_association", can_activate_association)
#: The association's managers record who may sign its tax receipts (docs/rules.md § 5).
can_manage_signatories = is_manager_of_association
rules.add_perm("organisations.manage_signatories", can_manage_signatories)
rules.add_perm("organisations.view_territory", can_view_territory)
rules.add_perm("organisations.manage_territory_members", can_change_territory)
rules.add_perm("organisations.add_territory", can_create_territory)
rules.add_perm("organisations.activate_territory", is_staff_of_territory_operator)
rules.add_perm("organisations.review_pending", is_operator_staff | is_territory_officer)
