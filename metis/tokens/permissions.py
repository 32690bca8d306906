"""Who manages an organisation's API tokens (django-rules): a company's referents, an
association's managers. A token acts as its creator, and only while this still holds."""

import rules

from metis.accounts.permissions import is_manager_of_association, is_referent_of_company


@rules.predicate
def manages_organisation_api(user, organisation):
    """The user is a current referent of the company or manager of the association."""
    from metis.organisations.models import Association, Company

    if isinstance(organisation, Company):
        return is_referent_of_company(user, organisation)
    if isinstance(organisation, Association):
        return is_manager_of_association(user, organisation)
    return False


@rules.predicate
def manages_token_organisation(user, token):
    return token is not None and manages_organisation_api(user, token.organisation)


rules.add_perm("tokens.manage_api_tokens", manages_organisation_api)  # object: organisation
rules.add_perm("tokens.revoke_api_token", manages_token_organisation)
