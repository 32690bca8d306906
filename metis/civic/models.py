"""The operator's settings of the Service Civique Professionnel (docs/rules.md § 8): one row per
year of effect, the latest one not after a year applies to it. The hours themselves live in the
ledger (a civic programme per year, an account per person: metis.ledger.services.civic)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel

ONE_DAY = Decimal("7.00")


class CivicSettingsQuerySet(models.QuerySet):
    def in_effect(self, year: int) -> "CivicSettings":
        """The settings that apply to `year`: the latest row whose year of effect is not after
        it, else the defaults (an unsaved row)."""
        row = self.filter(year__lte=year).order_by("-year").first()
        return row or CivicSettings(year=year)


class CivicSettings(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year of effect"), unique=True)
    hours_per_year = models.DecimalField(
        _("hours per year"),
        max_digits=6,
        decimal_places=2,
        default=ONE_DAY,
        help_text=_("Credited to every employee's account each year (one day: 7 h)."),
    )
    carry_over = models.BooleanField(
        _("carry over unused hours"),
        default=False,
        help_text=_("Unused hours go to next year's account, up to the ceiling."),
    )
    carry_over_ceiling = models.DecimalField(
        _("carry-over ceiling (h)"), max_digits=6, decimal_places=2, default=ONE_DAY
    )
    training_hours_per_day = models.DecimalField(
        _("hours of training rights per civic day"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty while the law does not set a conversion."),
    )
    training_effective_on = models.DateField(_("conversion in effect from"), null=True, blank=True)

    objects = CivicSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("civic days settings")
        verbose_name_plural = _("civic days settings")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="civic_settings_hours_positive",
                condition=Q(hours_per_year__gt=0, carry_over_ceiling__gte=0),
                violation_error_message=_(
                    "The hours per year must be positive and the ceiling not negative."
                ),
            ),
            models.CheckConstraint(
                name="civic_settings_training_dated",
                condition=Q(training_hours_per_day__isnull=True, training_effective_on__isnull=True)
                | Q(training_hours_per_day__gt=0, training_effective_on__isnull=False),
                violation_error_message=_(
                    "A conversion into training rights needs positive hours and a date of effect."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.hours_per_year} h"
