"""API tokens: an organisation's key to the organisation API (docs/api-tokens.md).

Only a SHA-256 digest of the secret is stored; the plaintext is shown once, at creation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(**{organisation_field(organisation): organisation})

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True
        )


def organisation_field(organisation) -> str:
    """``company`` or ``association``: the field of ApiToken that points to `organisation`."""
    from metis.organisations.models import Association, Company

    fields = {Company: "company", Association: "association"}
    try:
        return fields[type(organisation)]
    except KeyError:
        raise TypeError(f"No API token for a {type(organisation).__name__}") from None


class ApiToken(models.Model):
    """A named key of one company or one association. It acts as the person who created it,
    while that person still manages the organisation."""

    company = models.ForeignKey(
        "organisations.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("company"),
    )
    association = models.ForeignKey(
        "organisations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("association"),
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="api_token_one_organisation",
                condition=Q(company__isnull=False, association__isnull=True)
                | Q(company__isnull=True, association__isnull=False),
            ),
            models.CheckConstraint(
                name="api_token_scope_valid", condition=Q(scope__in=["read", "write"])
            ),
            models.CheckConstraint(
                name="api_token_revoked_with_author",
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def organisation(self):
        return self.company or self.association

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def allows(self, scope: str) -> bool:
        """Write implies read."""
        return scope == Scope.READ or self.scope == Scope.WRITE
