import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from metis.accounts.services import membership_end
from metis.tokens.auth import ApiTokenAuth
from metis.tokens.models import ApiToken
from metis.tokens.services import (
    EXPIRY_IN_PAST,
    LAST_USE_INTERVAL,
    NAME_REQUIRED,
    TOKEN_ALREADY_REVOKED,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)


def test_only_the_digest_of_the_secret_is_stored(world):
    token, plaintext = api_token_create(
        organisation=world.company, name=" Paie ", scope="read", by=world.referent
    )
    prefix, secret = plaintext.removeprefix("metis_").split("_", 1)
    assert token.prefix == prefix and token.name == "Paie"
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = str(list(ApiToken.objects.filter(pk=token.pk).values()))
    assert secret not in stored and plaintext not in stored
    assert api_token_authenticate(plaintext) == token


def test_plaintext_is_given_once_and_each_token_is_unique(world):
    one = api_token_create(organisation=world.company, name="A", scope="read", by=world.referent)
    two = api_token_create(organisation=world.company, name="A", scope="read", by=world.referent)
    assert one[1] != two[1] and one[0].prefix != two[0].prefix
    fresh = ApiToken.objects.get(pk=one[0].pk)
    assert not hasattr(fresh, "plaintext")


def test_wrong_secret_unknown_prefix_or_garbage_refused(world):
    text = world.company_read_text
    assert api_token_authenticate(text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert api_token_authenticate("metis_00000000_" + text.split("_", 2)[2]) is None
    for garbage in ("", "metis", "metis_x", "Bearer", text.replace("metis_", "autre_")):
        assert api_token_authenticate(garbage) is None


def test_revoked_token_is_refused_and_revoking_twice_is_refused(world):
    token, text = api_token_create(
        organisation=world.association, name="A", scope="write", by=world.manager
    )
    api_token_revoke(token=token, by=world.manager)
    token.refresh_from_db()
    assert token.revoked_by == world.manager and token.revoked_at
    assert api_token_authenticate(text) is None
    with pytest.raises(ValidationError) as error:
        api_token_revoke(token=token, by=world.manager)
    assert error.value.messages == [str(TOKEN_ALREADY_REVOKED)]


def test_expiry(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        api_token_create(
            organisation=world.company, name="A", scope="read", by=world.referent, expires_on=today
        )
    assert error.value.message_dict == {"expires_on": [str(EXPIRY_IN_PAST)]}
    token, text = api_token_create(
        organisation=world.company,
        name="A",
        scope="read",
        by=world.referent,
        expires_on=today + datetime.timedelta(days=1),
    )
    assert api_token_authenticate(text) == token
    after = token.expires_at + datetime.timedelta(seconds=1)
    assert api_token_authenticate(text, now=after) is None


def test_name_and_scope_are_required(world):
    with pytest.raises(ValidationError) as error:
        api_token_create(organisation=world.company, name=" ", scope="read", by=world.referent)
    assert error.value.message_dict == {"name": [str(NAME_REQUIRED)]}
    with pytest.raises(ValidationError):
        api_token_create(organisation=world.company, name="A", scope="admin", by=world.referent)


def test_ended_membership_of_the_creator_refuses_the_token(world):
    assert api_token_authenticate(world.company_write_text) is not None
    membership = world.referent.memberships.get(company=world.company, ended_at__isnull=True)
    membership_end(membership=membership, by=world.referent)
    assert api_token_authenticate(world.company_write_text) is None
    assert api_token_authenticate(world.company_read_text) is None


def test_last_use_recorded_at_most_once_a_minute(world):
    token = world.company_read
    assert token.last_used_at is None
    now = timezone.now()
    api_token_authenticate(world.company_read_text, now=now)
    token.refresh_from_db()
    assert token.last_used_at == now
    api_token_authenticate(world.company_read_text, now=now + datetime.timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == now
    later = now + LAST_USE_INTERVAL + datetime.timedelta(seconds=1)
    api_token_authenticate(world.company_read_text, now=later)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_write_implies_read(world):
    assert world.company_write.allows("read") and world.company_write.allows("write")
    assert world.company_read.allows("read") and not world.company_read.allows("write")
    assert ApiTokenAuth("write").scope == "write"


def test_one_organisation_exactly_is_a_database_rule(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.filter(pk=world.company_read.pk).update(association=world.association)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.filter(pk=world.company_read.pk).update(company=None)
