from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import NOTE_TEXT, SHORT_TEXT

from .domains import parse_domains
from .enums import Protocol


class SsoForm(forms.Form):
    protocol = forms.ChoiceField(
        label=_("Protocol"), choices=Protocol.choices, widget=forms.RadioSelect
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. mycompany.fr: the people of these domains log in here."),
    )
    server_url = forms.URLField(
        label=_("Issuer (identity provider's address)"),
        required=False,
        max_length=SHORT_TEXT,
        help_text=_("Its “/.well-known/openid-configuration” is read from there."),
    )
    client_id = forms.CharField(label=_("Client id"), required=False, max_length=SHORT_TEXT)
    secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.PasswordInput,
        help_text=_("Leave blank to keep the current one."),
    )
    saml_entity_id = forms.CharField(
        label=_("Identity provider's entity id"), required=False, max_length=SHORT_TEXT
    )
    saml_metadata_url = forms.URLField(
        label=_("Identity provider's metadata URL"),
        required=False,
        max_length=SHORT_TEXT,
    )
    saml_sso_url = forms.URLField(
        label=_("Sign-on URL (without metadata URL)"),
        required=False,
        max_length=SHORT_TEXT,
    )
    saml_x509cert = forms.CharField(
        label=_("Signing certificate (X.509, without metadata URL)"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claim_name = forms.CharField(
        label=_("Claim checked at each log-in"),
        required=False,
        max_length=100,
        initial="groups",
    )
    claim_value = forms.CharField(
        label=_("Value the claim must hold"),
        required=False,
        max_length=200,
        help_text=_(
            "Optional. When set, a person whose claim no longer holds it is refused and their "
            "employee membership ended."
        ),
    )

    def clean_domains(self):
        return parse_domains(self.cleaned_data["domains"])


def initial_of(sso):
    if sso is None:
        return {"protocol": Protocol.OIDC, "claim_name": "groups"}
    settings = sso.social_app.settings
    idp = settings.get("idp", {})
    return {
        "protocol": sso.protocol,
        "domains": "\n".join(sso.domains.values_list("domain", flat=True)),
        "server_url": settings.get("server_url", ""),
        "client_id": sso.social_app.client_id if sso.protocol == Protocol.OIDC else "",
        "saml_entity_id": idp.get("entity_id", ""),
        "saml_metadata_url": idp.get("metadata_url", ""),
        "saml_sso_url": idp.get("sso_url", ""),
        "saml_x509cert": idp.get("x509cert", ""),
        "claim_name": sso.claim_name,
        "claim_value": sso.claim_value,
    }


class CompanyEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail"),
        max_length=SHORT_TEXT,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
