"""Programmes of a territory, companies' pledges of hours and associations' mixed subsidies.

Hours never live on these rows: they are what was promised or voted. Where the hours are now is
the ledger's business (metis.ledger): these models only trigger its postings through services.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import PledgeStatus, ProgrammeKind, ProgrammeStatus, SubsidyStatus
from .figures import cash_drop_share


class ProgrammeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ProgrammeStatus.OPEN)

    def for_territories(self, territories):
        return self.filter(territory__in=territories)

    def territorial(self):
        """Programmes of a territory (not the national Service Civique Professionnel years)."""
        return self.filter(kind=ProgrammeKind.TERRITORIAL)

    def civic(self):
        return self.filter(kind=ProgrammeKind.CIVIC)

    def with_territory(self):
        return self.select_related("territory", "territory__commune", "territory__operator")


class Programme(TimeStampedModel):
    """One METIS scheme of one territory over a period (e.g. "Sceaux 2026"), or one year of the
    national Service Civique Professionnel (kind "civic", no territory: metis.civic)."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.TERRITORIAL
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("territory"),
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    target_hours = models.DecimalField(_("target hours"), max_digits=12, decimal_places=2)
    reference_hourly_value = models.DecimalField(
        _("reference hourly value (€)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Used for planning, before the companies' real cost prices are known."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_programme",
        verbose_name=_("previous period"),
    )
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="programme_name_unique"),
            models.CheckConstraint(
                name="programme_territory_unless_civic",
                condition=Q(kind=ProgrammeKind.TERRITORIAL, territory__isnull=False)
                | Q(kind=ProgrammeKind.CIVIC, territory__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["starts_on"],
                condition=Q(kind=ProgrammeKind.CIVIC),
                name="one_civic_programme_per_year",
            ),
            models.CheckConstraint(
                name="programme_period_ordered", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="programme_figures_non_negative",
                condition=Q(target_hours__gte=0, reference_hourly_value__gte=0),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.pk])

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def is_closed(self) -> bool:
        """Read by the ledger (a lower layer), which must not import the programme's enums."""
        return self.status == ProgrammeStatus.CLOSED


class PledgeQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(status=PledgeStatus.SIGNED)

    def for_companies(self, company_ids):
        return self.filter(company_id__in=company_ids)


class Pledge(TimeStampedModel):
    """Hours a company commits to a programme for a period."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("programme")
    )
    company = models.ForeignKey(
        "organisations.Company",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("company"),
    )
    hours = models.DecimalField(_("hours pledged"), max_digits=10, decimal_places=2)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    skill_restrictions = models.ManyToManyField(
        "skills.Skill",
        blank=True,
        related_name="pledges",
        verbose_name=_("restricted to these skills"),
        help_text=_("Leave empty if the hours may be used for any skill."),
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signature date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    history = HistoricalRecords(m2m_fields=[skill_restrictions])

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["programme", "company__name", "pk"]
        constraints = [
            models.CheckConstraint(name="pledge_hours_positive", condition=Q(hours__gt=0)),
            models.CheckConstraint(
                name="pledge_period_ordered", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="signed_pledge_has_signature",
                condition=Q(status=PledgeStatus.DRAFT)
                | (Q(signed_on__isnull=False) & ~Q(signer_name="")),
            ),
        ]

    def __str__(self):
        return f"{self.company} — {self.programme} — {self.hours} h"


class MixedSubsidyQuerySet(models.QuerySet):
    def voted(self):
        return self.filter(status=SubsidyStatus.VOTED)

    def for_associations(self, association_ids):
        return self.filter(association_id__in=association_ids)


class MixedSubsidy(TimeStampedModel):
    """What the commune grants an association for a programme: cash (€) plus an hours credit."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="subsidies", verbose_name=_("programme")
    )
    association = models.ForeignKey(
        "organisations.Association",
        on_delete=models.PROTECT,
        related_name="subsidies",
        verbose_name=_("association"),
    )
    cash_previous_period = models.DecimalField(
        _("cash granted last period (€)"), max_digits=12, decimal_places=2, default=0
    )
    cash_current_period = models.DecimalField(
        _("cash granted this period (€)"), max_digits=12, decimal_places=2, default=0
    )
    hours_credit = models.DecimalField(
        _("hours credit"), max_digits=10, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SubsidyStatus.choices, default=SubsidyStatus.PROPOSED
    )
    deliberation_reference = models.CharField(
        _("council deliberation reference"), max_length=100, blank=True
    )
    deliberation_date = models.DateField(_("deliberation date"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MixedSubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("mixed subsidy")
        verbose_name_plural = _("mixed subsidies")
        ordering = ["programme", "association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "association"], name="one_subsidy_per_association"
            ),
            models.CheckConstraint(
                name="subsidy_figures_non_negative",
                condition=Q(
                    cash_previous_period__gte=0, cash_current_period__gte=0, hours_credit__gte=0
                ),
            ),
            models.CheckConstraint(
                name="voted_subsidy_has_deliberation",
                condition=Q(status=SubsidyStatus.PROPOSED)
                | (Q(deliberation_date__isnull=False) & ~Q(deliberation_reference="")),
            ),
        ]

    def __str__(self):
        return f"{self.association} — {self.programme}"

    @property
    def cash_drop(self):
        return self.figures.cash_drop

    @property
    def figures(self):
        """Cash drop, value of the hours credit and the share of the drop it makes up."""
        return cash_drop_share(
            cash_previous=self.cash_previous_period,
            cash_current=self.cash_current_period,
            hours=self.hours_credit,
            hourly_value=self.programme.reference_hourly_value,
        )
