"""Who may see and change programmes, pledges and subsidies (django-rules).

- A programme is managed by the officers of its territory and the staff of that territory's
  operator; they also propose, vote and close its mixed subsidies and see every pledge in it.
- A pledge is made, signed and closed by a referent of its company (closing also by the
  programme's managers).
- A subsidy is seen by the managers of its association.
Nobody sees another organisation's programmes, pledges or subsidies.
"""

import rules

from metis.accounts.permissions import (
    is_company_referent,
    is_officer_of_territory,
    is_referent_of_company,
    is_staff_of_operator,
)


@rules.predicate
def manages_territory(user, territory):
    return territory is not None and (
        is_officer_of_territory(user, territory) or is_staff_of_operator(user, territory.operator)
    )


@rules.predicate
def manages_programme(user, programme):
    return programme is not None and manages_territory(user, programme.territory)


@rules.predicate
def manages_programme_of(user, obj):
    """For a pledge or a subsidy: the user manages its programme."""
    return obj is not None and manages_programme(user, obj.programme)


@rules.predicate
def is_referent_of_pledge_company(user, pledge):
    return pledge is not None and is_referent_of_company(user, pledge.company)


can_manage_programme = manages_programme
can_sign_pledge = is_referent_of_pledge_company
can_close_pledge = is_referent_of_pledge_company | manages_programme_of
can_manage_subsidy = manages_programme_of

rules.add_perm("programmes.view_programme", can_manage_programme)
rules.add_perm("programmes.change_programme", can_manage_programme)
rules.add_perm("programmes.add_pledge", is_company_referent)
rules.add_perm("programmes.sign_pledge", can_sign_pledge)
rules.add_perm("programmes.close_pledge", can_close_pledge)
rules.add_perm("programmes.manage_subsidy", can_manage_subsidy)
