"""Every admin page (index, each registered model's changelist, change view and history) as
operator staff: no error, and no employee's hourly cost or the values computed from it."""

import contextlib

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from metis.accounts.tests.factories import operator_staff_with_totp
from metis.documents.tests.factories import valued_cycle
from metis.needs.models import TimeEntry
from metis.valuation.models import CostPrice

# valued_cycle: 5,000 € + 2,100 € a month over 151.67 h → 46.81 €/h; 4 h → 187.24 €.
COST_FIGURES = ["46,81", "46.81", "187,24", "187.24"]


@pytest.fixture
def world(db):
    cycle = valued_cycle()
    cycle.operator = operator_staff_with_totp(cycle.programme.territory.operator)
    return cycle


def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"{prefix}_history", args=[first.pk]))
    return urls


def test_operator_staff_admin_pages_never_show_employee_costs(world):
    assert CostPrice.objects.exists() and TimeEntry.objects.filter(value__isnull=False).exists()
    client = Client(raise_request_exception=False)
    client.force_login(world.operator)
    seen, errors = 0, []
    for url in _admin_urls():
        response = client.get(url)
        seen += 1
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code}")
            continue
        text = response.content.decode()
        leaked = [figure for figure in COST_FIGURES if figure in text]
        if leaked:
            errors.append(f"{url} shows {leaked}")
    assert seen > 40
    assert not errors, "\n".join(errors)


def test_operator_staff_cannot_open_cost_prices_in_the_admin(client, world):
    client.force_login(world.operator)
    price = CostPrice.objects.first()
    assert client.get(reverse("admin:valuation_costprice_changelist")).status_code == 403
    assert client.get(reverse("admin:valuation_costprice_change", args=[price.pk])).status_code in (
        403,
        302,
    )
    assert "valuation/costprice" not in client.get(reverse("admin:index")).content.decode()


def test_a_superuser_still_reads_cost_prices_in_the_admin(client, world):
    world.operator.is_superuser = True
    world.operator.save()
    client.force_login(world.operator)
    response = client.get(reverse("admin:valuation_costprice_changelist"))
    assert response.status_code == 200 and "46,81" in response.content.decode()
