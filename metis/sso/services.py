"""Writes of single sign-on: a company's configuration (`sso_configure`, `sso_enable`,
`sso_disable`) and what a log-in through its identity provider does to people and their
employee memberships (`sso_login`)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.accounts.services import membership_create, membership_end

from .domains import DOMAIN_RE, PUBLIC_DOMAINS, domain_of
from .enums import PROVIDER, Protocol
from .models import CompanySso, SsoDomain

NO_DOMAIN = _("Give at least one e-mail domain of the company.")
INVALID_DOMAIN = _("“%(domain)s” is not an e-mail domain.")
PUBLIC_DOMAIN = _(
    "“%(domain)s” is a public mailbox domain: anybody can hold an address there, it cannot be "
    "routed to a company's identity provider."
)
DOMAIN_TAKEN = _("“%(domain)s” is already used by another company's single sign-on.")
OIDC_FIELDS_MISSING = _(
    "OpenID Connect needs the identity provider's address (issuer), the client id and the "
    "client secret."
)
SAML_FIELDS_MISSING = _(
    "SAML needs the identity provider's entity id and either its metadata URL or its "
    "sign-on URL and certificate."
)
NOT_HTTPS = _("The identity provider's addresses must start with https://.")
ALREADY_ENABLED = _("The single sign-on is already enabled.")
ALREADY_DISABLED = _("The single sign-on is already disabled.")
LOGIN_DISABLED = _("Your company's single sign-on is not enabled: log in with your password.")
LOGIN_FOREIGN_DOMAIN = _(
    "This e-mail address does not belong to the company of this identity provider."
)
LOGIN_CLAIM_REFUSED = _(
    "Your company's identity provider no longer lists you among the people who may use "
    "METIS: your employee membership has been ended. Ask your company's referent."
)
LOGIN_NO_EMAIL = _("The identity provider did not give your e-mail address.")
LOGIN_INACTIVE = _("This account is disabled.")


def provider_slug(company) -> str:
    """The provider id of the company's `SocialApp`, in its callback and metadata URLs."""
    return f"entreprise-{company.pk}"


def _check_domains(domains, sso):
    if not domains:
        raise ValidationError({"domains": NO_DOMAIN})
    errors = []
    taken = set(
        SsoDomain.objects.filter(domain__in=domains)
        .exclude(sso=sso)
        .values_list("domain", flat=True)
        if sso
        else SsoDomain.objects.filter(domain__in=domains).values_list("domain", flat=True)
    )
    for domain in domains:
        params = {"domain": domain}
        if not DOMAIN_RE.match(domain):
            errors.append(ValidationError(INVALID_DOMAIN, params=params))
        elif domain in PUBLIC_DOMAINS:
            errors.append(ValidationError(PUBLIC_DOMAIN, params=params))
        elif domain in taken:
            errors.append(ValidationError(DOMAIN_TAKEN, params=params))
    if errors:
        raise ValidationError({"domains": errors})


def _check_https(data):
    """METIS fetches the provider's configuration, keys and tokens: only over https."""
    if settings.SSO_ALLOW_HTTP:
        return
    fields = ("server_url", "saml_metadata_url", "saml_sso_url")
    if any(data.get(f) and not data[f].startswith("https://") for f in fields):
        raise ValidationError(NOT_HTTPS)


def _app_settings(protocol, data, domains):
    _check_https(data)
    if protocol == Protocol.OIDC:
        if not (data.get("server_url") and data.get("client_id")):
            raise ValidationError(OIDC_FIELDS_MISSING)
        return {"server_url": data["server_url"].rstrip("/"), "oauth_pkce_enabled": True}
    idp = {"entity_id": data.get("saml_entity_id", "")}
    if data.get("saml_metadata_url"):
        idp["metadata_url"] = data["saml_metadata_url"]
    else:
        idp.update(sso_url=data.get("saml_sso_url", ""), x509cert=data.get("saml_x509cert", ""))
    if not idp["entity_id"] or not (
        idp.get("metadata_url") or (idp.get("sso_url") and idp.get("x509cert"))
    ):
        raise ValidationError(SAML_FIELDS_MISSING)
    return {"idp": idp}


@transaction.atomic
def sso_configure(*, company, data, by) -> CompanySso:
    """Create or change the company's single sign-on. `data`: protocol, domains (a list),
    server_url, client_id, secret (OIDC; a blank secret keeps the current one), saml_entity_id,
    saml_metadata_url or saml_sso_url + saml_x509cert (SAML), claim_name, claim_value. A new
    configuration starts disabled."""
    sso = CompanySso.objects.select_for_update().filter(company=company).first()
    protocol = Protocol(data["protocol"])
    domains = data["domains"]
    _check_domains(domains, sso)
    app = sso.social_app if sso else SocialApp(provider_id=provider_slug(company))
    secret = data.get("secret") or (app.secret if app.provider == PROVIDER[protocol] else "")
    if protocol == Protocol.OIDC and not secret:
        raise ValidationError(OIDC_FIELDS_MISSING)
    app.provider = PROVIDER[protocol]
    app.name = company.name
    app.settings = _app_settings(protocol, data, domains)
    # SAML names the organisation by its client id (in its URLs): the same slug.
    app.client_id = data["client_id"] if protocol == Protocol.OIDC else app.provider_id
    app.secret = secret if protocol == Protocol.OIDC else ""
    app.save()
    if sso is None:
        sso = CompanySso(company=company, social_app=app, created_by=by)
    sso.protocol = protocol
    sso.claim_name = data.get("claim_name") or "groups"
    sso.claim_value = data.get("claim_value", "")
    sso.save()
    sso.domains.exclude(domain__in=domains).delete()
    existing = set(sso.domains.values_list("domain", flat=True))
    SsoDomain.objects.bulk_create(
        [SsoDomain(sso=sso, domain=d) for d in domains if d not in existing]
    )
    return sso


@transaction.atomic
def sso_enable(*, sso, by) -> CompanySso:
    sso = CompanySso.objects.select_for_update().get(pk=sso.pk)
    if sso.enabled:
        raise ValidationError(ALREADY_ENABLED)
    sso.enabled = True
    sso.save(update_fields=["enabled", "updated_at"])
    return sso


@transaction.atomic
def sso_disable(*, sso, by) -> CompanySso:
    sso = CompanySso.objects.select_for_update().get(pk=sso.pk)
    if not sso.enabled:
        raise ValidationError(ALREADY_DISABLED)
    sso.enabled = False
    sso.save(update_fields=["enabled", "updated_at"])
    return sso


def claim_holds(sso, claims: dict) -> bool:
    """The claim rule: no required value, or the claim (a list, or a string of words) holds it."""
    if not sso.claim_value:
        return True
    value = claims.get(sso.claim_name)
    values = value if isinstance(value, list | tuple) else str(value or "").split()
    return sso.claim_value in [str(v) for v in values]


def _current_employment(sso, user):
    return Membership.objects.current().filter(user=user, role=Role.EMPLOYEE, company=sso.company)


@transaction.atomic
def _employment_end(*, sso, email):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    for membership in _current_employment(sso, user):
        membership_end(membership=membership, by=user)


@transaction.atomic
def _employee_login(*, sso, email, first_name, last_name) -> User:
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, first_name=first_name, last_name=last_name)
    elif not user.is_active:
        raise ValidationError(LOGIN_INACTIVE)
    # The company's provider vouches for the addresses of its domains.
    has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": not has_primary, "verified": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    if not _current_employment(sso, user).exists():
        membership_create(user=user, role=Role.EMPLOYEE, organisation=sso.company)
    return user


def sso_login(*, app, email, claims, first_name="", last_name="") -> User:
    """A person came back from the identity provider of `app` (an allauth `SocialApp`): their
    e-mail must be of the company's domains and the claim rule must hold. Returns the METIS
    person (created when new) holding a current employee membership of the company. When the
    claim rule fails, their current employee membership is ended (that write is kept) and the
    log-in refused."""
    sso = CompanySso.objects.select_related("company").filter(social_app=app).first()
    if sso is None or not sso.enabled:
        raise ValidationError(LOGIN_DISABLED)
    if not email:
        raise ValidationError(LOGIN_NO_EMAIL)
    if not sso.domains.filter(domain=domain_of(email)).exists():
        raise ValidationError(LOGIN_FOREIGN_DOMAIN)
    if not claim_holds(sso, claims):
        _employment_end(sso=sso, email=email)
        raise ValidationError(LOGIN_CLAIM_REFUSED)
    return _employee_login(
        sso=sso, email=email, first_name=first_name[:150], last_name=last_name[:150]
    )
