"""The association's credit history reads as French sentences, with the credit left after each
movement recomputed from the ledger lines."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.needs.credit_history import credit_history
from metis.needs.services import participations as needs
from metis.needs.tests.factories import make_cycle


@pytest.fixture
def cycle(db):
    return make_cycle(pledge_hours="2000", credit_hours="1240")


def test_credit_history_tells_what_happened_in_french(client, cycle):
    p = cycle.participation("approved", hours="12")
    needs.participation_withdraw(participation=p, by=cycle.employee, reason="personal", note="")
    account = Account.objects.get(kind=AccountKind.CREDIT, association=cycle.association)
    movements, older = credit_history(account)
    assert older == 0
    sentences = [m.sentence for m in movements]
    volunteer = cycle.employee.get_full_name()
    assert sentences == [
        f"12,00 h non utilisées par {volunteer} sur « Revue des comptes annuels » "
        "reviennent au crédit.",
        f"12,00 h réservées pour {volunteer} sur « Revue des comptes annuels », "
        "approuvées par l’employeur.",
        "La commune a attribué 1\xa0240,00 h à l’association.",
    ]
    assert [m.balance_after for m in movements] == [
        Decimal("1240"),
        Decimal("1228"),
        Decimal("1240"),
    ]

    client.force_login(cycle.manager)
    page = client.get(reverse("needs:association_credit")).content.decode()
    assert "approuvées par l’employeur" in page
    assert "approved" not in page and "Allocation voted" not in page
