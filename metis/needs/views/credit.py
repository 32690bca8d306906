"""The association manager's mixed subsidies and hours credit, with the credit's history told
as sentences (the participations that reserved or gave back hours are named)."""

from django.shortcuts import render

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.programmes.selectors import subsidies_of_manager

from ..credit_history import credit_history


def association_credit(request):
    subsidies = list(subsidies_of_manager(request.user))
    accounts = {
        (a.programme_id, a.association_id): a
        for a in Account.objects.filter(
            kind=AccountKind.CREDIT,
            association_id__in={s.association_id for s in subsidies},
            programme_id__in={s.programme_id for s in subsidies},
        )
    }
    for subsidy in subsidies:
        account = accounts.get((subsidy.programme_id, subsidy.association_id))
        subsidy.credit_left = account.balance if account else None
        subsidy.movements, subsidy.older_movements = credit_history(account) if account else ([], 0)
    return render(
        request,
        "needs/association_credit.html",
        {"subsidies": subsidies},
    )
