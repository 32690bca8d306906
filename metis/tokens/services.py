"""Writes about API tokens: create (the plaintext is returned once), revoke, authenticate."""

import datetime
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Scope, organisation_field
from .permissions import manages_organisation_api

TOKEN_PREFIX = "metis"
NAME_REQUIRED = _("Give the token a name.")
SCOPE_INVALID = _("Choose the scope: read, or read and write.")
EXPIRY_IN_PAST = _("The expiry date must be after today.")
TOKEN_ALREADY_REVOKED = _("This token has already been revoked.")
# The last use is written at most once in this interval, not at every call.
LAST_USE_INTERVAL = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def api_token_create(
    *, organisation, name: str, scope: str, by, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """A new token of `organisation` acting as `by`; returns it with its plaintext, which is
    stored nowhere (only its SHA-256 digest is). `expires_on`: the last day it works."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    if scope not in Scope.values:
        raise ValidationError({"scope": SCOPE_INVALID})
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": EXPIRY_IN_PAST})
        next_day = datetime.datetime.combine(expires_on + timedelta(days=1), datetime.time())
        expires_at = timezone.make_aware(next_day)
    prefix, secret = _new_prefix(), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        **{organisation_field(organisation): organisation},
        name=name[:100],
        scope=scope,
        prefix=prefix,
        secret_hash=_digest(secret),
        created_by=by,
        expires_at=expires_at,
    )
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token, by) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(TOKEN_ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_authenticate(plaintext: str, *, now=None) -> ApiToken | None:
    """The usable token whose plaintext this is, or None: unknown, wrong secret, revoked,
    expired, or its creator no longer manages the organisation. Records the last use (at most
    once a minute)."""
    parts = (plaintext or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("company", "association", "created_by")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(parts[2])):
        return None
    if not token.created_by.is_active or not manages_organisation_api(
        token.created_by, token.organisation
    ):
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USE_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
