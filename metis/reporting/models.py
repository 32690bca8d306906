import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token():
    return secrets.token_urlsafe(32)


_token = new_feed_token  # named by migration 0001


class CalendarFeed(models.Model):
    """The secret address of a volunteer's calendar feed (a calendar app fetches it without a
    session). Renewing the token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"calendar feed of {self.user_id}"


class ValidatedFigures(models.Model):
    """What a roll-up of validated hours holds: how many entries, their hours, their value, and
    the hours still awaiting a cost price."""

    entries = models.IntegerField(_("entries"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=14, decimal_places=2, default=0)
    value = models.DecimalField(_("value (€)"), max_digits=16, decimal_places=2, default=0)
    awaiting = models.DecimalField(
        _("hours awaiting a cost price"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        abstract = True


class ValidatedMonth(ValidatedFigures):
    """Validated hours rolled up per programme, association, employer and month of their date:
    how many entries, their hours, their value, and the hours still awaiting a cost price.
    What the territory's, the company's and the operator's dashboards and the public impact
    page read instead of scanning the time entries. Kept by database triggers on the time
    entries (insert, update, delete), in the same transaction as the change, whatever makes
    it (validation, valuation, reversal, a seeder); never written by the code. Checked against
    the entries by `ledger_check` (`reporting.checks`)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+"
    )
    association = models.ForeignKey(
        "organisations.Association", on_delete=models.PROTECT, related_name="+"
    )
    company = models.ForeignKey("organisations.Company", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("validated hours of a month")
        verbose_name_plural = _("validated hours per month")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "association", "company", "month"],
                name="reporting_validated_month_unique",
            )
        ]
        indexes = [models.Index(fields=["company", "programme"], name="validated_month_company")]

    def __str__(self):
        return f"{self.programme_id}/{self.association_id}/{self.company_id} {self.month:%Y-%m}"


class ProgrammeValidatedMonth(ValidatedFigures):
    """The validated hours of a programme and month, every association and employer together:
    ValidatedMonth rolled up one level further, for the figures over many programmes (the
    operator's nation, the territories' table) that would otherwise read every association's
    and employer's row of the nation. Kept by database triggers on ValidatedMonth, in the same
    transaction as the time entries' change; never written by the code. Checked against
    ValidatedMonth by `ledger_check` (`reporting.checks`)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("validated hours of a programme and month")
        verbose_name_plural = _("validated hours per programme and month")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month"], name="reporting_programme_validated_month_unique"
            )
        ]

    def __str__(self):
        return f"{self.programme_id} {self.month:%Y-%m}"
