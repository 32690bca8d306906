"""French in every place a user reads: admin names and plurals, history reasons, notices."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from metis.accounts.tests.factories import operator_staff_with_totp
from metis.core.history import reason_label
from metis.ledger.models import Account
from metis.needs.services import participations as needs
from metis.needs.tests.factories import make_cycle
from metis.notifications.models import Notification
from metis.organisations.tests.factories import OperatorFactory
from metis.valuation.models import CostPrice


def test_admin_app_and_model_names_are_french_with_real_plurals():
    with translation.override("fr"):
        assert str(Account._meta.verbose_name_plural) == "comptes d’heures"
        assert str(CostPrice._meta.verbose_name_plural) == "prix de revient"
        for model in admin.site._registry:
            meta = model._meta
            if not meta.app_config.name.startswith("metis."):
                continue
            plural = str(meta.verbose_name_plural)
            assert not plural.endswith("ss") and "revients" not in plural, plural
            assert "verbose_name_plural" in meta.original_attrs, meta.label
        for config in apps.get_app_configs():
            if config.name.startswith("metis.") and config.name != "metis.core":
                with translation.override("en"):
                    english = str(config.verbose_name)
                assert "verbose_name" in type(config).__dict__, config.name
                if english not in (
                    "Organisations",
                    "Programmes",
                    "Documents",
                    "API",
                    "Allocations",
                    "Webhooks",
                ):
                    assert str(config.verbose_name) != english, config.name


@pytest.mark.django_db
def test_admin_index_reads_french(client):
    client.force_login(operator_staff_with_totp(OperatorFactory()))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Registre des heures" in page and "Comptes d’heures" in page
    assert "heuress" not in page and "revients" not in page


def test_history_reasons_read_french():
    with translation.override("fr"):
        assert reason_label("opened") == "ouvert"
        assert reason_label("accepted by 12") == "accepté"
        assert reason_label("extra hours 7") == "heures supplémentaires approuvées"
        assert reason_label("something unknown") == ""


@pytest.mark.django_db
def test_notices_write_hours_the_french_way():
    cycle = make_cycle()
    p = cycle.participation("accepted")
    needs.participation_approve(
        participation=p,
        by=cycle.referent,
        planned_hours=Decimal("12"),
        starts_on=cycle.programme.starts_on,
        ends_on=cycle.programme.ends_on,
    )
    notices = Notification.objects.filter(user=cycle.employee, kind="participation_approved")
    message = notices.latest("pk").message
    assert "12,00 h" in message and "12.00" not in message
