"""Carry-forwards from before the company's first fiscal year on METIS (docs/rules.md § 4.3, § 4.4):
entering them (services) and reading them for the rules core (selector)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import CarriedInDonation, CarriedInReduction
from .rules import CarriedIn
from .rules import CarriedInDonation as CoreCarriedInDonation
from .rules import CarriedInReduction as CoreCarriedInReduction
from .rules.carried_in import CARRIED_IN_USABLE_FYS
from .rules.reduction import add_months

FIRST_FISCAL_YEAR_NEEDED = _(
    "Enter your first fiscal year on METIS first: carry-forwards come from the years before it."
)
CARRIED_IN_EXPIRED = _(
    "This amount has expired: the last fiscal year in which it can be used must close on or "
    "after %(date)s, the end of your first fiscal year on METIS."
)
CARRIED_IN_TOO_LATE = _(
    "An amount from before your first fiscal year on METIS can be used in at most 5 fiscal "
    "years from it: its last fiscal year closes by %(date)s."
)
AMOUNT_INVALID = _("Give an amount greater than 0, with at most 2 decimals.")


def first_fiscal_year_end(company):
    return company.fiscal_years.order_by("end_date").values_list("end_date", flat=True).first()


def _check(company, amount: Decimal, last_fiscal_year_end) -> None:
    first_end = first_fiscal_year_end(company)
    if first_end is None:
        raise ValidationError(FIRST_FISCAL_YEAR_NEEDED, code="no_fiscal_year")
    if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": AMOUNT_INVALID})
    if last_fiscal_year_end < first_end:
        raise ValidationError(
            {"last_fiscal_year_end": CARRIED_IN_EXPIRED % {"date": date_format(first_end)}}
        )
    # The first FY and the 4 after it; FYs last 12 months in the usual case.
    latest = add_months(first_end, 12 * (CARRIED_IN_USABLE_FYS - 1))
    if last_fiscal_year_end > latest:
        raise ValidationError(
            {"last_fiscal_year_end": CARRIED_IN_TOO_LATE % {"date": date_format(latest)}}
        )


@transaction.atomic
def carried_in_donation_add(
    *, company, amount: Decimal, part: str, last_fiscal_year_end, by
) -> CarriedInDonation:
    _check(company, amount, last_fiscal_year_end)
    donation = CarriedInDonation(
        company=company,
        amount=amount,
        part=part,
        last_fiscal_year_end=last_fiscal_year_end,
        entered_by=by,
    )
    donation.full_clean()
    donation.save()
    return donation


@transaction.atomic
def carried_in_reduction_add(
    *, company, amount: Decimal, last_fiscal_year_end, by
) -> CarriedInReduction:
    _check(company, amount, last_fiscal_year_end)
    reduction = CarriedInReduction(
        company=company, amount=amount, last_fiscal_year_end=last_fiscal_year_end, entered_by=by
    )
    reduction.full_clean()
    reduction.save()
    return reduction


@transaction.atomic
def carried_in_remove(*, item) -> None:
    type(item).objects.filter(pk=item.pk).delete()


def company_carried_in(company) -> CarriedIn:
    """What the company carries in, as the rules core takes it."""
    return CarriedIn(
        donations=[
            CoreCarriedInDonation(d.amount, d.part, d.last_fiscal_year_end)
            for d in CarriedInDonation.objects.filter(company=company)
        ],
        reductions=[
            CoreCarriedInReduction(r.amount, r.last_fiscal_year_end)
            for r in CarriedInReduction.objects.filter(company=company)
        ],
    )
