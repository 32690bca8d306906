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
    """The hourly cost price of an employee, or of a grade, for one calendar year
    (docs/rules.md § 3).

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


class CarriedInPart(models.TextChoices):
    """Rate part of excess donations carried in (values as in the API)."""

    COLUCHE = "coluche", _("“Loi Coluche” body (60 %)")
    SIXTY = "60", _("60 %")
    FORTY = "40", _("40 %")


class CarriedInDonation(TimeStampedModel):
    """Excess donations of a fiscal year before the company's first one on METIS, still
    usable (docs/rules.md § 4.3): entered once by a company referent."""

    company = models.ForeignKey(
        "organisations.Company", on_delete=models.PROTECT, related_name="carried_in_donations"
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=14, decimal_places=2)
    part = models.CharField(_("rate part"), max_length=8, choices=CarriedInPart.choices)
    last_fiscal_year_end = models.DateField(
        _("end of the last fiscal year in which it can be used")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("excess donations carried in")
        ordering = ["company", "last_fiscal_year_end", "pk"]
        constraints = [
            models.CheckConstraint(name="carried_in_donation_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self):
        return f"{self.company} — {self.amount} € ({self.part}) → {self.last_fiscal_year_end}"


class CarriedInReduction(TimeStampedModel):
    """Unused tax reduction of a fiscal year before the company's first one on METIS, still
    usable (docs/rules.md § 4.4): entered once by a company referent."""

    company = models.ForeignKey(
        "organisations.Company", on_delete=models.PROTECT, related_name="carried_in_reductions"
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=14, decimal_places=2)
    last_fiscal_year_end = models.DateField(
        _("end of the last fiscal year in which it can be used")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("unused reduction carried in")
        ordering = ["company", "last_fiscal_year_end", "pk"]
        constraints = [
            models.CheckConstraint(name="carried_in_reduction_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self):
        return f"{self.company} — {self.amount} € → {self.last_fiscal_year_end}"
