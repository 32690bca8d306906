"""A company's single sign-on: its identity provider logs in the people of its e-mail domains
(docs/sso.md). The provider itself is an allauth `SocialApp` that the configuration drives."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel

from .enums import Protocol


class CompanySso(TimeStampedModel):
    company = models.OneToOneField(
        "organisations.Company",
        on_delete=models.PROTECT,
        related_name="sso",
        verbose_name=_("company"),
    )
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    social_app = models.OneToOneField(
        "socialaccount.SocialApp",
        on_delete=models.PROTECT,
        related_name="company_sso",
        verbose_name=_("identity provider"),
    )
    # The claim rule: when `claim_value` is set, the claim `claim_name` (a list or a string)
    # must hold it, else the log-in is refused and the employee membership ended.
    claim_name = models.CharField(_("claim"), max_length=100, blank=True, default="groups")
    claim_value = models.CharField(_("required value"), max_length=200, blank=True)
    enabled = models.BooleanField(_("enabled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("company single sign-on")
        verbose_name_plural = _("company single sign-ons")

    def __str__(self):
        return f"{self.company} ({self.get_protocol_display()})"

    @property
    def slug(self):
        return self.social_app.provider_id


class SsoDomain(models.Model):
    """An e-mail domain whose people log in through the company's provider: one company each."""

    sso = models.ForeignKey(
        CompanySso, on_delete=models.CASCADE, related_name="domains", verbose_name=_("sign-on")
    )
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")), name="sso_domain_lower_case"
            )
        ]

    def __str__(self):
        return self.domain
