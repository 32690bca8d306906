"""Calls for applications of a programme (docs/programme-calls.md): the officer opens a call
with its criteria and questions, associations apply, the officer and a committee score each
application per criterion, and the selection proposes the selected associations' mixed
subsidies through metis.programmes.services."""

from django.conf import settings
from django.db import models
from django.db.models import Avg, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import SCORE_MAX, SCORE_MIN, ApplicationStatus, CallStatus


class CallQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CallStatus.OPEN)

    def with_programme(self):
        return self.select_related("programme", "programme__territory")


class Call(TimeStampedModel):
    """One call for applications of a programme: who may join its panel of associations."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the call is about"), max_length=10_000)
    criteria = models.JSONField(_("selection criteria"), default=list)
    questions = models.JSONField(_("questions to the applicants"), default=list)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="call_committees",
        verbose_name=_("selection committee"),
    )
    history = HistoricalRecords(m2m_fields=[committee])

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                name="call_period_ordered", condition=Q(closes_on__gte=models.F("opens_on"))
            ),
            models.UniqueConstraint(fields=["programme", "title"], name="call_title_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:detail", args=[self.pk])


class ApplicationQuerySet(models.QuerySet):
    def with_average(self):
        return self.annotate(average_score=Avg("scores__value"))


class Application(TimeStampedModel):
    """An association's application to a call; decided once, with the reason when refused."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    association = models.ForeignKey(
        "organisations.Association",
        on_delete=models.PROTECT,
        related_name="call_applications",
        verbose_name=_("association"),
    )
    social_purpose = models.TextField(_("social purpose"), max_length=5_000)
    foreseen_needs = models.TextField(_("needs you foresee"), max_length=5_000)
    hours_wished = models.DecimalField(_("hours wished"), max_digits=10, decimal_places=2)
    cash_previous_period = models.DecimalField(
        _("cash subsidy received last period (€)"), max_digits=12, decimal_places=2, default=0
    )
    answers = models.JSONField(_("answers"), default=list)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decision_reason = models.TextField(_("reason of the decision"), max_length=2_000, blank=True)
    subsidy = models.OneToOneField(
        "programmes.MixedSubsidy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
        verbose_name=_("mixed subsidy proposed"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "association"], name="one_application_per_association"
            ),
            models.CheckConstraint(
                name="application_hours_positive", condition=Q(hours_wished__gt=0)
            ),
            models.CheckConstraint(
                name="application_cash_non_negative", condition=Q(cash_previous_period__gte=0)
            ),
            models.CheckConstraint(
                name="refused_application_has_reason",
                condition=~Q(status=ApplicationStatus.NOT_SELECTED) | ~Q(decision_reason=""),
            ),
            models.CheckConstraint(
                name="selected_application_has_subsidy",
                condition=~Q(status=ApplicationStatus.SELECTED) | Q(subsidy__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.association} — {self.call}"

    def get_absolute_url(self):
        return reverse("calls:application", args=[self.pk])

    @property
    def questions_and_answers(self):
        answers = list(self.answers) + [""] * len(self.call.questions)
        return list(zip(self.call.questions, answers, strict=False))


class Score(TimeStampedModel):
    """One scorer's mark (0–5) of one application on one criterion (its index in the call)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("application")
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="call_scores",
        verbose_name=_("scorer"),
    )
    criterion = models.PositiveSmallIntegerField(_("criterion"))
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["application", "criterion", "scorer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "scorer", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                name="score_in_range", condition=Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX)
            ),
        ]
