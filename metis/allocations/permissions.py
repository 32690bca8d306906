"""Who may run allocations, send proposals and confirm them (django-rules)."""

import rules

from metis.accounts.permissions import (
    is_association_manager,
    is_manager_of_association,
    is_operator_staff,
    is_territory_officer,
)
from metis.programmes.permissions import manages_programme


@rules.predicate
def manages_run(user, run):
    """Every programme of the run is managed by the user (officer of its territory, staff of
    its operator)."""
    if run is None:
        return False
    programmes = list(run.programmes.select_related("territory__operator"))
    return bool(programmes) and all(manages_programme(user, p) for p in programmes)


@rules.predicate
def manages_proposal_association(user, proposal):
    return proposal is not None and is_manager_of_association(user, proposal.need.association)


rules.add_perm("allocations.run_for_programme", manages_programme)
rules.add_perm("allocations.run_for_programmes", is_operator_staff | is_territory_officer)
rules.add_perm("allocations.manage_run", manages_run)
rules.add_perm("allocations.view_proposals", is_association_manager)
rules.add_perm("allocations.decide_proposal", manages_proposal_association)
