"""Every persona × every notices view: each person reads and marks only their own notices.

Anonymous → log-in page and nothing written; the owner's action changes their row; anybody
else's leaves every row as it was."""

import pytest
from django.urls import reverse

from metis.accounts.models import User
from metis.accounts.tests.factories import UserFactory
from metis.notifications.enums import NotificationKind as K
from metis.notifications.models import Notification
from metis.notifications.services import notify

PERSONAS = ["anonymous", "owner", "other"]


@pytest.fixture
def world(db):
    owner, other = UserFactory(email_digest=False), UserFactory(email_digest=False)
    notify(users=[owner], kind=K.HOURS_REJECTED, message="Heures refusées", url="/")
    notify(users=[other], kind=K.HOURS_TO_VALIDATE, message="Heures à valider", url="/")
    return {"anonymous": None, "owner": owner, "other": other}


def _state():
    return (
        list(Notification.objects.order_by("pk").values_list("user_id", "read_at")),
        list(User.objects.order_by("pk").values_list("pk", "email_digest")),
    )


def _login(client, world, persona):
    if world[persona]:
        client.force_login(world[persona])
    return client


def _owner_notice(world):
    return Notification.objects.get(user=world["owner"])


def _read(world):
    return _owner_notice(world).read_at is not None


def _digest(world):
    world["owner"].refresh_from_db()
    return world["owner"].email_digest is True


ACTIONS = [
    # (label, url name, args(world), data, effect on the owner's rows)
    ("mark one read", "notifications:mark_read", lambda w: [_owner_notice(w).pk], {}, _read),
    ("mark all read", "notifications:mark_all_read", lambda w: [], {}, _read),
    ("digest", "notifications:preferences", lambda w: [], {"email_digest": "1"}, _digest),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_notices_page(client, world, persona):
    response = _login(client, world, persona).get(reverse("notifications:notices"))
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        return
    assert response.status_code == 200
    own = "Heures refusées" if persona == "owner" else "Heures à valider"
    theirs = "Heures à valider" if persona == "owner" else "Heures refusées"
    assert own in response.text and theirs not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "label,name,args,data,effect", ACTIONS, ids=[action[0] for action in ACTIONS]
)
def test_action_matrix(client, world, persona, label, name, args, data, effect):
    before = _state()
    response = _login(client, world, persona).post(reverse(name, args=args(world)), data)
    assert response.status_code == 302
    if persona == "owner":
        assert effect(world), label
    else:
        # Another person's action acts on their own rows only: the owner's stay as they were.
        assert not effect(world), label
        if persona == "anonymous":
            assert response.url.startswith(reverse("account_login"))
            assert _state() == before
