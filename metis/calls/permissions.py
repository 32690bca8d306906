"""Who may run calls for applications, apply and score (django-rules).

- A call is created, opened, closed and decided by the managers of its programme (the officers
  of the territory and its operator's staff).
- Its committee (people the managers name, other officers of the territory) and the managers
  score the applications and read them.
- Any association manager may apply; an application is read by its association's managers.
"""

import rules

from metis.accounts.permissions import is_association_manager, is_manager_of_association
from metis.programmes.permissions import manages_programme


@rules.predicate
def manages_call(user, call):
    return call is not None and manages_programme(user, call.programme)


@rules.predicate
def sits_on_committee(user, call):
    return call is not None and user.is_authenticated and call.committee.filter(pk=user.pk).exists()


@rules.predicate
def scores_call(user, call):
    return manages_call(user, call) or sits_on_committee(user, call)


@rules.predicate
def scores_application(user, application):
    return application is not None and scores_call(user, application.call)


@rules.predicate
def applied(user, application):
    return application is not None and is_manager_of_association(user, application.association)


rules.add_perm("calls.manage_call", manages_call)
rules.add_perm("calls.view_call", scores_call)
rules.add_perm("calls.apply", is_association_manager)
rules.add_perm("calls.score_application", scores_application)
rules.add_perm("calls.view_application", scores_application | applied)
