"""Who manages an organisation's webhooks: the company's referents, the association's managers
(they see the signing secret: nobody else, not even the operator's staff)."""

import rules

from metis.accounts.permissions import is_manager_of_association, is_referent_of_company

from .models import WebhookSubscription


@rules.predicate
def manages_webhooks_of(user, target):
    """`target`: a company, an association or one of their subscriptions."""
    organisation = target.organisation if isinstance(target, WebhookSubscription) else target
    if organisation is None:
        return False
    if organisation._meta.model_name == "company":
        return is_referent_of_company(user, organisation)
    return is_manager_of_association(user, organisation)


rules.add_perm("webhooks.manage", manages_webhooks_of)
