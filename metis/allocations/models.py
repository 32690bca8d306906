"""Allocation runs of the matching core on live data, and their proposals
(docs/decisions/0008-matching-in-the-platform.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DROPPED = "dropped", _("Dropped")
    SENT = "sent", _("Sent to the association")
    CONFIRMED = "confirmed", _("Confirmed: volunteer invited")
    DECLINED = "declined", _("Declined by the association")


class AllocationRun(TimeStampedModel):
    """One optimal allocation of the hours of one or more programmes, with the
    first-come-first-served figures on the same data for comparison."""

    territory = models.ForeignKey(
        "organisations.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation_runs",
        verbose_name=_("territory"),
    )
    programmes = models.ManyToManyField(
        "programmes.Programme", related_name="allocation_runs", verbose_name=_("programmes")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    objective = models.BigIntegerField(_("objective"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("hours covered"), null=True, blank=True)
    fcfs_objective = models.BigIntegerField(
        _("objective, first come first served"), null=True, blank=True
    )
    fcfs_hours = models.PositiveIntegerField(
        _("hours covered, first come first served"), null=True, blank=True
    )
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    timings = models.JSONField(_("timings (ms)"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="run_progress_percent", condition=Q(progress__lte=100)),
        ]

    def __str__(self):
        return f"#{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("allocations:run_detail", args=[self.pk])

    @property
    def gain_percent(self):
        """Gain of the optimal objective over first come, first served, in %."""
        if self.objective is None or not self.fcfs_objective:
            return None
        return round(100 * (self.objective - self.fcfs_objective) / self.fcfs_objective, 1)

    @property
    def is_running(self):
        return self.status in UNFINISHED


class ProposalQuerySet(models.QuerySet):
    def for_association(self, association):
        return self.filter(need__association=association)

    def visible_to_associations(self):
        """Only what the officer sent: nothing proposed or dropped reaches an association."""
        return self.filter(
            status__in=[ProposalStatus.SENT, ProposalStatus.CONFIRMED, ProposalStatus.DECLINED]
        )


class Proposal(TimeStampedModel):
    """Hours of one volunteer on one need, proposed by a run."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="proposals")
    need = models.ForeignKey("needs.Need", on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    company = models.ForeignKey("organisations.Company", on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2)
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    participation = models.ForeignKey(
        "needs.Participation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["need_id", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "need", "volunteer"], name="one_proposal_per_run_need_volunteer"
            ),
            models.CheckConstraint(name="proposal_hours_positive", condition=Q(hours__gt=0)),
            models.CheckConstraint(
                name="confirmed_proposal_has_participation",
                condition=~Q(status=ProposalStatus.CONFIRMED) | Q(participation__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.need} ({self.hours} h)"

    @property
    def reasons_text(self):
        return " ; ".join(self.reasons)
