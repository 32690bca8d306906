"""The « Accès à l’API » screens: the permission matrix of every URL name (the company's
referent and the association's manager get in, for their own organisation only; others are
refused and write nothing), and what the pages show (the plaintext once)."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.tokens.models import ApiToken

PERSONAS = ["anonymous", "referent", "manager", "employee", "other_referent", "other_manager"]
URL_NAMES = ["tokens:list", "tokens:create", "tokens:revoke"]
ALLOWED = {"entreprise": "referent", "association": "manager"}


def _people(w):
    return {
        "anonymous": None,
        "referent": w.referent,
        "manager": w.manager,
        "employee": w.employee,
        "other_referent": w.other_referent,
        "other_manager": w.other_manager,
    }


def _organisation(w, kind):
    return w.company if kind == "entreprise" else w.association


def _token(w, kind):
    return w.company_write if kind == "entreprise" else w.association_write


def _urls(w, kind):
    pk = _organisation(w, kind).pk
    return {
        "tokens:list": reverse("tokens:list", args=[kind, pk]),
        "tokens:create": reverse("tokens:create", args=[kind, pk]),
        "tokens:revoke": reverse("tokens:revoke", args=[kind, pk, _token(w, kind).pk]),
    }


def _snapshot():
    return list(ApiToken.objects.order_by("pk").values())


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and reverse("account_login") in response.url
    return response.status_code in (403, 404)


@pytest.mark.parametrize("kind", ["entreprise", "association"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, world, kind, persona):
    w = world
    user = _people(w)[persona]
    if user:
        client.force_login(user)
    urls = _urls(w, kind)
    before = _snapshot()
    allowed = persona == ALLOWED[kind]
    for name in URL_NAMES:
        response = client.get(urls[name])
        assert (response.status_code == 200) if allowed else _refused(response, persona), name
    if not allowed:
        for name in ("tokens:create", "tokens:revoke"):
            response = client.post(urls[name], {"name": "Intrus", "scope": "write"})
            assert _refused(response, persona), name
        assert _snapshot() == before
        return
    response = client.post(urls["tokens:create"], {"name": "Paie", "scope": "write"})
    assert response.status_code == 200
    created = ApiToken.objects.get(name="Paie")
    assert created.organisation == _organisation(w, kind) and created.created_by == user
    response = client.post(urls["tokens:revoke"])
    assert response.status_code == 302
    revoked = _token(w, kind)
    revoked.refresh_from_db()
    assert revoked.revoked_by == user


def test_unknown_kind_or_another_organisations_token_is_404(client, world):
    client.force_login(world.referent)
    assert client.get(f"/organisations/territoire/{world.company.pk}/acces-api/").status_code == 404
    other = reverse(
        "tokens:revoke", args=["entreprise", world.company.pk, world.association_write.pk]
    )
    assert client.post(other).status_code == 404
    world.association_write.refresh_from_db()
    assert world.association_write.revoked_at is None


def test_plaintext_is_shown_once_and_never_listed(client, world):
    client.force_login(world.referent)
    response = client.post(
        reverse("tokens:create", args=["entreprise", world.company.pk]),
        {"name": "Paie", "scope": "read", "expires_on": ""},
    )
    page = response.content.decode()
    token = ApiToken.objects.get(name="Paie")
    plaintext = response.context["plaintext"]
    assert plaintext.startswith(f"metis_{token.prefix}_") and plaintext in page
    assert response["Cache-Control"] == "no-store"
    listed = client.get(reverse("tokens:list", args=["entreprise", world.company.pk]))
    assert token.prefix in listed.content.decode()
    assert plaintext.split("_", 2)[2] not in listed.content.decode()


def test_refusals_land_on_the_form(client, world):
    client.force_login(world.manager)
    response = client.post(
        reverse("tokens:create", args=["association", world.association.pk]),
        {"name": "Paie", "scope": "read", "expires_on": "2000-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.filter(name="Paie").exists()


def test_pages_and_menu_link_to_the_api_access(client, world):
    client.force_login(world.referent)
    page = client.get(reverse("organisations:company_detail", args=[world.company.pk]))
    assert reverse("tokens:list", args=["entreprise", world.company.pk]) in page.content.decode()
    second = member(Role.ASSOCIATION_MANAGER, world.association)
    client.force_login(second)
    page = client.get(reverse("organisations:association_detail", args=[world.association.pk]))
    assert reverse("tokens:list", args=["association", world.association.pk]) in (
        page.content.decode()
    )
