"""allauth's social-account adapter for companies' identity providers (docs/sso.md): the
provider's e-mail is trusted only for its company's domains; the person is linked to the METIS
account of that e-mail (created when new) with an employee membership of the company; the
claim rule can end that membership. No social sign-up form, no linking of other accounts."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from . import services

CONNECT_REFUSED = _("A company identity provider logs you in; it cannot be linked otherwise.")
ANOTHER_ACCOUNT = _("This identity is linked to another METIS account.")


def claims_of(sociallogin) -> dict:
    """The identity's claims: an OpenID Connect ID token merged with its user info, or the
    SAML assertion's attributes (each a list)."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.account.provider == "saml" or not isinstance(data, dict):
        return dict(data)
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def _refuse(request, message):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


class CompanySsoAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        # Every identity is linked to its person in pre_social_login: no sign-up form.
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            _refuse(request, CONNECT_REFUSED)
        claims = claims_of(sociallogin)
        user = sociallogin.user
        # The provider's addresses (the linked person's own may be older).
        emails = [address.email for address in sociallogin.email_addresses]
        email = emails[0] if emails else ("" if sociallogin.is_existing else user.email)
        try:
            person = services.sso_login(
                app=sociallogin.provider.app,
                email=email,
                claims=claims,
                first_name=user.first_name or "",
                last_name=user.last_name or "",
            )
        except ValidationError as error:
            _refuse(request, error.messages[0])
        if sociallogin.is_existing:
            if sociallogin.user.pk != person.pk:
                _refuse(request, ANOTHER_ACCOUNT)
        else:
            sociallogin.connect(request, person)
