from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


#: allauth's provider for each protocol (the `SocialApp.provider` the configuration drives).
PROVIDER = {Protocol.OIDC: "openid_connect", Protocol.SAML: "saml"}
