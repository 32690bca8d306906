"""The home inbox: one reader per role, chosen from the person's current membership."""

from metis.accounts.enums import Role

from . import association, company, ecosystem, employee, operator, territory

READERS = {
    Role.OPERATOR_STAFF: operator.inbox,
    Role.TERRITORY_OFFICER: territory.inbox,
    Role.COMPANY_REFERENT: company.inbox,
    Role.EMPLOYEE: employee.inbox,
    Role.ASSOCIATION_MANAGER: association.inbox,
    Role.PARTNER_STAFF: ecosystem.partner_inbox,
    Role.ELECTED_MEMBER: ecosystem.elected_inbox,
}


def inbox_for(user, membership) -> dict:
    """`{"tasks": [Task…], "onboarding": [Step…]}` for the membership the person acts as."""
    if membership is None:
        return {"tasks": [], "onboarding": []}
    return READERS[membership.role](user, membership.organisation)
