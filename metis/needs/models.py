"""Needs of associations, participations of employee volunteers, declared hours and the
employer's amendments for extra hours (docs/decisions/0005-mission-cycle.md).

Hours never live on these rows for good: reservations and validations are ledger postings
(metis.ledger); the figures kept here (reserved_hours, value) mirror what was posted, for reading.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import (
    OPEN_PARTICIPATION_STATUSES,
    ExtraHoursStatus,
    NeedFormat,
    NeedStatus,
    ParticipationOrigin,
    ParticipationStatus,
    TimeEntryStatus,
)
from .saved_search import SavedSearch  # noqa: F401  (a model of this app, in its own module)

MAX_HOURS_PER_DAY = 10


class NeedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NeedStatus.PUBLISHED)

    def visible_in_catalogue(self):
        """Published or in-progress needs (an in-progress need may want more volunteers) whose
        end date has not passed ("expired" is derived, not stored)."""
        return self.filter(
            status__in=[NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS],
            ends_on__gte=timezone.localdate(),
        )

    def expired(self):
        return self.filter(
            status__in=[NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS],
            ends_on__lt=timezone.localdate(),
        )

    def for_association(self, association):
        return self.filter(association=association)

    def search(self, query: str):
        """Every word of the query must match (normalised as search_text is)."""
        from .search import query_terms

        qs = self
        for term in query_terms(query):
            qs = qs.filter(search_text__contains=f" {term}")
        return qs

    def with_participation_counts(self):
        return self.annotate(
            open_participations=Count(
                "participations",
                filter=Q(participations__status__in=OPEN_PARTICIPATION_STATUSES),
                distinct=True,
            )
        )


class Need(TimeStampedModel):
    """What an association asks for: a skills-based mission with hours, dates and a place."""

    association = models.ForeignKey(
        "organisations.Association",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("association"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("programme"),
        help_text=_("The programme whose hours credit the need draws on."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    skills_required = models.ManyToManyField(
        "skills.Skill", related_name="needs_requiring", verbose_name=_("skills required")
    )
    skills_welcome = models.ManyToManyField(
        "skills.Skill",
        blank=True,
        related_name="needs_welcoming",
        verbose_name=_("skills welcome"),
    )
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=7, decimal_places=2)
    format = models.CharField(_("format"), max_length=16, choices=NeedFormat.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    commune = models.ForeignKey(
        "organisations.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    volunteers_wanted = models.PositiveSmallIntegerField(_("number of volunteers"), default=1)
    open_to_civic_days = models.BooleanField(
        _("open to civic days"),
        default=False,
        help_text=_(
            "Employees of any company in France may book a civic day (one or two half-days) "
            "on this need (Service Civique Professionnel)."
        ),
    )
    template_code = models.SlugField(_("template"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # " stem stem …": lower case, unaccented, French Snowball stems (metis.needs.search).
    search_text = models.TextField(editable=False, blank=True, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]
        # The catalogue's two orders walk an index over the needs it can show and stop after a
        # page (docs/scaling.md), instead of sorting every visible need. The newest first is
        # made by migration 0007 (NULLS LAST is written differently per database).
        indexes = [
            models.Index(fields=["status", "ends_on"], name="need_status_ends"),
            models.Index(
                "ends_on",
                "id",
                name="need_catalogue_ending",
                condition=Q(status__in=["published", "in_progress"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="need_period_ordered", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(
                name="need_hours_positive",
                condition=Q(estimated_hours__gt=0, estimated_hours__lte=10000),
            ),
            models.CheckConstraint(
                name="need_volunteers_positive", condition=Q(volunteers_wanted__gte=1)
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug:
            return reverse("needs:public_detail_slug", args=[self.pk, self.slug])
        return reverse("needs:public_detail", args=[self.pk])

    @property
    def is_expired(self):
        return (
            self.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS)
            and self.ends_on < timezone.localdate()
        )


class ParticipationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PARTICIPATION_STATUSES)

    def awaiting_employer(self):
        return self.filter(status=ParticipationStatus.ACCEPTED)

    def for_company(self, company):
        return self.filter(company=company)

    def for_association(self, association):
        return self.filter(need__association=association)

    def for_volunteer(self, user):
        return self.filter(volunteer=user)

    def with_need(self):
        return self.select_related(
            "need", "need__association", "need__programme", "volunteer", "company"
        )


class Participation(TimeStampedModel):
    """One volunteer on one need, from application (or invitation) to completion."""

    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, related_name="participations", verbose_name=_("need")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("volunteer"),
    )
    company = models.ForeignKey(
        "organisations.Company",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("employer"),
    )
    origin = models.CharField(_("origin"), max_length=16, choices=ParticipationOrigin.choices)
    status = models.CharField(_("status"), max_length=16, choices=ParticipationStatus.choices)
    message = models.TextField(_("message"), blank=True)
    planned_hours = models.DecimalField(
        _("planned hours"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    planned_starts_on = models.DateField(_("planned start"), null=True, blank=True)
    planned_ends_on = models.DateField(_("planned end"), null=True, blank=True)
    # Total reserved on the ledger (approval + approved extra hours); a cache of the postings.
    reserved_hours = models.DecimalField(
        _("reserved hours"), max_digits=7, decimal_places=2, default=0
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason_code = models.CharField(_("reason"), max_length=32, blank=True)
    reason_note = models.TextField(_("details"), blank=True)
    # A civic day (Service Civique Professionnel, docs/rules.md § 8): its hours come from the
    # person's account of that year's civic programme, the employer answers by a date (else
    # the day counts as accepted).
    civic_programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("civic days year"),
    )
    employer_answer_due = models.DateField(_("employer's answer due"), null=True, blank=True)
    approved_tacitly = models.BooleanField(_("approved without an answer"), default=False)
    answered_by_email = models.EmailField(_("answered by (HR contact)"), blank=True)
    history = HistoricalRecords()

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                condition=Q(status__in=OPEN_PARTICIPATION_STATUSES),
                name="one_open_participation_per_need_and_volunteer",
            ),
            models.CheckConstraint(
                name="participation_reserved_non_negative", condition=Q(reserved_hours__gte=0)
            ),
            models.CheckConstraint(
                name="participation_planned_period_ordered",
                condition=Q(planned_starts_on__isnull=True)
                | Q(planned_ends_on__isnull=True)
                | Q(planned_ends_on__gte=F("planned_starts_on")),
            ),
            models.CheckConstraint(
                name="participation_civic_day_complete",
                condition=Q(
                    origin=ParticipationOrigin.CIVIC_DAY,
                    civic_programme__isnull=False,
                    employer_answer_due__isnull=False,
                    planned_hours__isnull=False,
                    planned_starts_on__isnull=False,
                )
                | Q(
                    ~Q(origin=ParticipationOrigin.CIVIC_DAY),
                    civic_programme__isnull=True,
                    employer_answer_due__isnull=True,
                    approved_tacitly=False,
                ),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} — {self.need}"

    def get_absolute_url(self):
        return reverse("needs:participation_detail", args=[self.pk])

    @property
    def is_civic_day(self) -> bool:
        return self.origin == ParticipationOrigin.CIVIC_DAY

    @property
    def ledger_programme(self):
        """The programme whose accounts hold this participation's hours: the year's civic
        programme for a civic day, else the need's programme."""
        return self.civic_programme if self.is_civic_day else self.need.programme

    @property
    def reason_label(self):
        from .enums import CancellationReason, RefusalReason, WithdrawalReason

        for choices in (RefusalReason, WithdrawalReason, CancellationReason):
            if self.reason_code in choices.values:
                return choices(self.reason_code).label
        return self.reason_code


class TimeEntryQuerySet(models.QuerySet):
    def declared(self):
        return self.filter(status=TimeEntryStatus.DECLARED)

    def validated(self):
        return self.filter(status=TimeEntryStatus.VALIDATED)

    def awaiting_cost_price(self):
        """Validated entries not valued yet: the employer has no cost price for that year."""
        return self.validated().filter(value__isnull=True)

    def counting(self):
        """Entries that count against the reservation and the daily limit."""
        return self.filter(status__in=[TimeEntryStatus.DECLARED, TimeEntryStatus.VALIDATED])

    def for_association(self, association):
        return self.filter(participation__need__association=association)

    def for_company(self, company):
        return self.filter(participation__company=company)

    def in_period(self, starts_on, ends_on):
        return self.filter(date__gte=starts_on, date__lte=ends_on)

    def total_hours(self):
        return self.aggregate(total=Sum("hours"))["total"] or 0


class TimeEntry(TimeStampedModel):
    """Hours a volunteer declares for one day of a participation."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("participation"),
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    description = models.TextField(_("what was done"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TimeEntryStatus.choices,
        default=TimeEntryStatus.DECLARED,
    )
    rejection_reason = models.CharField(_("rejection reason"), max_length=32, blank=True)
    rejection_note = models.TextField(_("details"), blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    posting = models.ForeignKey(
        "ledger.Posting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversal_posting = models.ForeignKey(
        "ledger.Posting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hourly_cost = models.DecimalField(
        _("hourly cost used (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("value (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "date"],
                condition=Q(status__in=[TimeEntryStatus.DECLARED, TimeEntryStatus.VALIDATED]),
                name="one_time_entry_per_participation_and_day",
            ),
            models.CheckConstraint(
                name="time_entry_hours_in_range", condition=Q(hours__gt=0, hours__lte=10)
            ),
            models.CheckConstraint(
                name="validated_time_entry_has_posting",
                condition=~Q(status=TimeEntryStatus.VALIDATED) | Q(posting__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "date"], name="time_entry_status_date"),
            # The employer's "awaiting a cost price" count: a handful of entries among millions.
            models.Index(
                fields=["participation"],
                condition=Q(status=TimeEntryStatus.VALIDATED, value__isnull=True),
                name="time_entry_awaiting_cost_price",
            ),
            # Hours awaiting validation per participation: the few declared among millions.
            models.Index(
                fields=["participation"],
                condition=Q(status=TimeEntryStatus.DECLARED),
                name="time_entry_declared",
            ),
        ]

    def __str__(self):
        return f"{self.participation} — {self.date} — {self.hours} h"

    @property
    def rejection_reason_label(self):
        from .enums import RejectionReason

        if self.rejection_reason in RejectionReason.values:
            return RejectionReason(self.rejection_reason).label
        return self.rejection_reason

    @property
    def awaiting_cost_price(self):
        return self.status == TimeEntryStatus.VALIDATED and self.value is None


class ExtraHoursRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ExtraHoursStatus.PENDING)

    def for_company(self, company):
        return self.filter(participation__company=company)


class ExtraHoursRequest(TimeStampedModel):
    """An amendment: the volunteer or the association asks the employer for more hours than
    reserved (hours beyond the reservation are refused at declaration)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="extra_hours_requests"
    )
    hours = models.DecimalField(_("extra hours"), max_digits=7, decimal_places=2)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtraHoursStatus.choices,
        default=ExtraHoursStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    request_note = models.TextField(_("why more hours"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason_code = models.CharField(_("reason"), max_length=32, blank=True)
    reason_note = models.TextField(_("details"), blank=True)
    posting = models.ForeignKey(
        "ledger.Posting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ExtraHoursRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("extra hours request")
        verbose_name_plural = _("extra hours requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="extra_hours_positive", condition=Q(hours__gt=0)),
            models.UniqueConstraint(
                fields=["participation"],
                condition=Q(status=ExtraHoursStatus.PENDING),
                name="one_pending_extra_hours_request",
            ),
        ]

    def __str__(self):
        return f"{self.participation} + {self.hours} h"
