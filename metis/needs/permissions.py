"""Who may do what in the mission cycle (django-rules). One predicate per rule; views, templates
and the API use the permissions registered at the bottom."""

import rules

from metis.accounts.permissions import (
    is_employee,
    is_employee_of_company,
    is_manager_of_association,
    is_officer_of_territory,
    is_operator_staff,
    is_referent_of_company,
)


@rules.predicate
def manages_need(user, need):
    """The user manages the association that posted the need."""
    return need is not None and is_manager_of_association(user, need.association)


@rules.predicate
def is_volunteer_of(user, participation):
    return participation is not None and participation.volunteer_id == user.pk


@rules.predicate
def manages_participation_need(user, participation):
    return participation is not None and is_manager_of_association(
        user, participation.need.association
    )


@rules.predicate
def is_referent_of_participation_company(user, participation):
    return participation is not None and is_referent_of_company(user, participation.company)


@rules.predicate
def manages_entry_association(user, entry):
    return entry is not None and is_manager_of_association(
        user, entry.participation.need.association
    )


@rules.predicate
def is_referent_of_request_company(user, request):
    return request is not None and is_referent_of_company(user, request.participation.company)


# Needs: the association's managers write them; operator staff moderate them.
rules.add_perm("needs.manage_association_needs", is_manager_of_association)
rules.add_perm("needs.change_need", manages_need)
rules.add_perm("needs.moderate_need", is_operator_staff)
rules.add_perm("needs.apply", is_employee)

# Participations.
rules.add_perm(
    "needs.view_participation",
    is_volunteer_of | manages_participation_need | is_referent_of_participation_company,
)
rules.add_perm("needs.decide_application", manages_participation_need)
rules.add_perm("needs.answer_invitation", is_volunteer_of)
rules.add_perm("needs.approve_participation", is_referent_of_participation_company)
rules.add_perm(
    "needs.withdraw_participation",
    is_volunteer_of | manages_participation_need | is_referent_of_participation_company,
)
rules.add_perm("needs.declare_hours", is_volunteer_of)
rules.add_perm("needs.request_extra_hours", is_volunteer_of | manages_participation_need)
rules.add_perm("needs.validate_time_entry", manages_entry_association)
rules.add_perm("needs.decide_extra_hours", is_referent_of_request_company)

# Company side (object: the company).
rules.add_perm("needs.approve_for_company", is_referent_of_company)
# € per employee: the company's referents (the employee sees their own, see views).
rules.add_perm("needs.view_valued_hours_per_employee", is_referent_of_company)
# € aggregated per company and period (object: association or territory).
rules.add_perm("needs.view_association_valued_hours", is_manager_of_association)
rules.add_perm("needs.view_territory_valued_hours", is_officer_of_territory)

__all__ = ["is_employee_of_company"]


# Saved searches: an employee keeps catalogue searches; only the owner sees or deletes one.
@rules.predicate
def owns_saved_search(user, saved_search):
    return saved_search is not None and saved_search.owner_id == user.pk


rules.add_perm("needs.save_search", is_employee)
rules.add_perm("needs.delete_saved_search", owns_saved_search)
