"""Who answers a completed mission's outcome form (django-rules): its volunteer, and the
managers of its association. Only its author withdraws the consent to publish a quote."""

import rules

from metis.accounts.permissions import is_manager_of_association


@rules.predicate
def is_volunteer_of(user, participation):
    return participation is not None and participation.volunteer_id == user.pk


@rules.predicate
def manages_association_of(user, participation):
    return (
        participation is not None
        and participation.need_id is not None
        and is_manager_of_association(user, participation.need.association)
    )


@rules.predicate
def wrote(user, outcome):
    return outcome is not None and outcome.author_id == user.pk


can_answer = is_volunteer_of | manages_association_of

rules.add_perm("outcomes.answer", can_answer)
rules.add_perm("outcomes.withdraw_consent", wrote)
