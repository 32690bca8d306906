from .domains import domain_of
from .models import CompanySso


def sso_for_email(email):
    """The enabled single sign-on of the company owning the e-mail's domain, or None."""
    domain = domain_of(email)
    if not domain:
        return None
    return (
        CompanySso.objects.select_related("social_app", "company")
        .filter(enabled=True, domains__domain=domain)
        .first()
    )
