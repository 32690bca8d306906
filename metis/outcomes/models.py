"""What a completed mission achieved, in the words of the association and of the volunteer
(docs/evaluation.md): one short form each per participation. A quote is published only with
its author's explicit consent, which they may withdraw."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel

from .enums import SATISFACTION_MAX, SATISFACTION_MIN, Respondent


class OutcomeQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(participation__need__programme=programme)

    def for_territory(self, territory):
        return self.filter(participation__need__programme__territory=territory)

    def publishable_quotes(self):
        """Quotes their authors agreed to publish, newest first."""
        return (
            self.filter(quote_consent=True)
            .exclude(quote="")
            .select_related(
                "participation__need__association",
                "participation__company",
                "participation__volunteer",
            )
            .order_by("-created_at")
        )


class Outcome(TimeStampedModel):
    participation = models.ForeignKey(
        "needs.Participation",
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("participation"),
    )
    respondent = models.CharField(_("answered by"), max_length=16, choices=Respondent.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    results = models.TextField(_("results achieved"), max_length=2_000)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    learnt = models.TextField(_("what was learnt"), max_length=2_000, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    quote = models.CharField(_("quote"), max_length=500, blank=True)
    quote_consent = models.BooleanField(_("agrees to its publication"), default=False)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission outcome")
        verbose_name_plural = _("mission outcomes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "respondent"], name="one_outcome_per_respondent"
            ),
            models.CheckConstraint(
                name="satisfaction_in_range",
                condition=Q(satisfaction__gte=SATISFACTION_MIN, satisfaction__lte=SATISFACTION_MAX),
            ),
            models.CheckConstraint(
                name="consented_quote_not_empty", condition=Q(quote_consent=False) | ~Q(quote="")
            ),
        ]

    def __str__(self):
        return f"{self.participation} — {self.get_respondent_display()}"

    @property
    def signature(self) -> str:
        """How a published quote is signed: the association's name, or the volunteer's first
        name and their company."""
        participation = self.participation
        if self.respondent == Respondent.ASSOCIATION:
            return participation.need.association.name
        first = participation.volunteer.first_name or ""
        company = participation.company.name if participation.company_id else ""
        return ", ".join(part for part in (first, company) if part)
