from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel


class CostPriceQuerySet(models.QuerySet):
    def for_company(self, company):
        return self.filter(company=company)

    def latest_first(self):
        return self.order_by("-created_at", "-pk")


class CostPrice(TimeStampedModel):
    """The hourly cost price of an employee, or of a grade, for one calendar year (rules.md § 3).

    Only the resulting hourly figure, its year and whether the cap applied are stored, never the
    salary. Rows are never updated: a new entry supersedes the previous one (the history)."""

    company = models.ForeignKey(
        "organisations.Company", on_delete=models.PROTECT, related_name="cost_prices"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_prices",
        verbose_name=_("employee"),
    )
    grade = models.CharField(_("grade"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    hourly_cost = models.DecimalField(_("hourly cost (€)"), max_digits=8, decimal_places=2)
    capped = models.BooleanField(_("capped at 3 × PMSS"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CostPriceQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost price")
        verbose_name_plural = _("cost prices")
        constraints = [
            models.CheckConstraint(
                name="cost_price_for_an_employee_or_a_grade",
                condition=(
                    Q(employee__isnull=False, grade="") | Q(employee__isnull=True) & ~Q(grade="")
                ),
            ),
            models.CheckConstraint(name="cost_price_positive", condition=Q(hourly_cost__gt=0)),
        ]

    def __str__(self):
        return f"{self.employee or self.grade} — {self.year} — {self.hourly_cost} €/h"
