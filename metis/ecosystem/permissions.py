"""Who does what in a territory's local ecosystem (django-rules, docs/ecosystem.md § Who).

- The territory's officers and its operator's staff ("managers") register partners of their
  territory, invite their staff, draft charters, prepare and record the council's session,
  renew and end charters, log actions and edit the resources.
- A partner's staff keep their page and offers up to date, sign their charters, log actions
  against them and answer the support requests sent to their partner.
- The mayor or an elected member with delegation signs the charters of their territory.
- A project holder (anyone logged in) describes their projects and asks partners for support.
"""

import rules

from metis.accounts.enums import Role
from metis.accounts.permissions import (
    is_operator_staff,
    is_territory_officer,
    organisation_ids,
)
from metis.programmes.permissions import manages_territory


@rules.predicate
def is_partner_staff(user):
    return bool(organisation_ids(user, Role.PARTNER_STAFF, "partner"))


@rules.predicate
def is_staff_of_partner(user, partner):
    return partner is not None and partner.pk in organisation_ids(
        user, Role.PARTNER_STAFF, "partner"
    )


@rules.predicate
def is_elected_member_of(user, territory):
    return territory is not None and territory.pk in organisation_ids(
        user, Role.ELECTED_MEMBER, "territory"
    )


@rules.predicate
def is_elected_member(user):
    return bool(organisation_ids(user, Role.ELECTED_MEMBER, "territory"))


@rules.predicate
def manages_a_served_territory(user, partner):
    """The user manages one of the territories the partner serves."""
    return partner is not None and any(
        manages_territory(user, territory) for territory in partner.territories.all()
    )


@rules.predicate
def manages_charter(user, charter):
    return charter is not None and manages_territory(user, charter.territory)


@rules.predicate
def is_staff_of_charter_partner(user, charter):
    return charter is not None and is_staff_of_partner(user, charter.partner)


@rules.predicate
def is_elected_member_of_charter_territory(user, charter):
    return charter is not None and is_elected_member_of(user, charter.territory)


@rules.predicate
def manages_session(user, session):
    return session is not None and manages_territory(user, session.territory)


@rules.predicate
def holds_project(user, project):
    return project is not None and project.holder_id == user.pk


@rules.predicate
def is_staff_of_request_partner(user, request):
    return request is not None and is_staff_of_partner(user, request.partner)


can_manage_ecosystem = is_territory_officer | is_operator_staff
can_edit_partner = is_staff_of_partner | manages_a_served_territory
can_view_charter = (
    manages_charter | is_staff_of_charter_partner | is_elected_member_of_charter_territory
)
can_sign_charter = is_staff_of_charter_partner | is_elected_member_of_charter_territory
can_log_action = manages_charter | is_staff_of_charter_partner

rules.add_perm("ecosystem.view_home", can_manage_ecosystem | is_partner_staff | is_elected_member)
rules.add_perm("ecosystem.add_partner", can_manage_ecosystem)
rules.add_perm("ecosystem.change_partner", can_edit_partner)
rules.add_perm("ecosystem.invite_partner_staff", manages_a_served_territory)
rules.add_perm("ecosystem.manage_territory", manages_territory)
rules.add_perm("ecosystem.view_charter", can_view_charter)
rules.add_perm("ecosystem.manage_charter", manages_charter)
rules.add_perm("ecosystem.sign_charter", can_sign_charter)
rules.add_perm("ecosystem.log_action", can_log_action)
rules.add_perm("ecosystem.manage_session", manages_session)
rules.add_perm("ecosystem.add_project", rules.is_authenticated)
rules.add_perm("ecosystem.change_project", holds_project)
rules.add_perm("ecosystem.answer_request", is_staff_of_request_partner)
