"""Cost prices: entering them (services) and finding the one that values an hour (selectors)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Membership

from . import signals
from .models import CostPrice
from .rules import cost_price as rules
from .rules.errors import InvalidAmount, InvalidHours, UnknownPMSSYear

UNKNOWN_YEAR = _("No social-security ceiling (PMSS) is known for %(year)s yet.")
NEGATIVE_AMOUNT = _("Amounts must be positive, with at most 2 decimals.")
INVALID_HOURS = _("The monthly hours must be greater than 0.")
NOT_AN_EMPLOYEE = _("This person is not an employee of the company.")
EMPLOYEE_OR_GRADE = _("Choose an employee or name a grade (one of the two).")
NOTHING_TO_VALUE = _("Salary plus charges must be greater than 0.")


@transaction.atomic
def cost_price_record(
    *,
    company,
    year: int,
    monthly_salary: Decimal,
    monthly_employer_charges: Decimal,
    monthly_hours: Decimal = rules.DEFAULT_MONTHLY_HOURS,
    employee=None,
    grade: str = "",
    by,
) -> CostPrice:
    """Compute and store the hourly cost price; the salary itself is not kept."""
    grade = (grade or "").strip()
    if bool(employee) == bool(grade):
        raise ValidationError(EMPLOYEE_OR_GRADE)
    if (
        employee
        and not Membership.objects.filter(
            user=employee, company=company, role=Role.EMPLOYEE
        ).exists()
    ):
        raise ValidationError({"employee": NOT_AN_EMPLOYEE})
    try:
        result = rules.hourly_cost(
            year=year,
            monthly_salary=monthly_salary,
            monthly_employer_charges=monthly_employer_charges,
            monthly_hours=monthly_hours,
        )
    except UnknownPMSSYear:
        raise ValidationError({"year": UNKNOWN_YEAR % {"year": year}}) from None
    except InvalidHours:
        raise ValidationError({"monthly_hours": INVALID_HOURS}) from None
    except InvalidAmount as error:
        raise ValidationError(
            {getattr(error, "field", None) or "monthly_salary": NEGATIVE_AMOUNT}
        ) from None
    if result.hourly_cost <= 0:
        raise ValidationError({"monthly_salary": NOTHING_TO_VALUE})
    price = CostPrice.objects.create(
        company=company,
        employee=employee,
        grade=grade,
        year=year,
        hourly_cost=result.hourly_cost,
        capped=result.capped,
        entered_by=by,
    )
    # Hours that were awaiting this cost price are valued now, in the same transaction
    # (metis.workflow → time_entries.time_entries_value_pending).
    signals.cost_price_recorded.send(CostPrice, price=price)
    return price


def cost_price_for(*, company, employee, year: int) -> CostPrice | None:
    """The cost price valuing `employee`'s hours of `year`: their own latest entry, else the
    latest entry of their grade; None while awaiting one."""
    prices = CostPrice.objects.filter(company=company, year=year).latest_first()
    own = prices.filter(employee=employee).first()
    if own:
        return own
    grade = (
        Membership.objects.filter(user=employee, company=company, role=Role.EMPLOYEE)
        .order_by("-started_at")
        .values_list("grade", flat=True)
        .first()
    )
    return prices.filter(employee__isnull=True, grade=grade).first() if grade else None


def cost_price_table(*, company, year: int) -> list[dict]:
    """Every current employee with the cost price that values their hours of `year` (None:
    awaiting a cost price)."""
    prices = list(CostPrice.objects.filter(company=company, year=year).latest_first())
    own, by_grade = {}, {}
    for price in prices:
        if price.employee_id:
            own.setdefault(price.employee_id, price)
        else:
            by_grade.setdefault(price.grade, price)
    rows = []
    memberships = (
        Membership.objects.current()
        .filter(company=company, role=Role.EMPLOYEE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    for membership in memberships:
        price = own.get(membership.user_id) or by_grade.get(membership.grade)
        rows.append({"membership": membership, "employee": membership.user, "price": price})
    return rows
