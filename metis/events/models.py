"""Events of a territory's ecosystem and their registrations (docs/events.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LONG_TEXT, SHORT_TEXT
from metis.core.models import TimeStampedModel

from .enums import ACTIVE_REGISTRATION, EventKind, EventStatus, RegistrationStatus
from .organisers import exactly_one_organiser, organiser_of


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def upcoming(self):
        """Published and not over yet."""
        return self.published().filter(ends_at__gte=Now()).order_by("starts_at", "pk")

    def with_places(self):
        """`registered` (places taken) and `waiting` (the waiting list's length) on each."""
        from .selectors import places_annotation

        return self.annotate(**places_annotation())


class Event(TimeStampedModel):
    # The organiser: exactly one of these (metis/events/organisers.py).
    organiser_territory = models.ForeignKey(
        "organisations.Territory",
        verbose_name=_("organised by the commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organised",
    )
    organiser_association = models.ForeignKey(
        "organisations.Association",
        verbose_name=_("organised by the association"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organised",
    )
    organiser_partner = models.ForeignKey(
        "organisations.Partner",
        verbose_name=_("organised by the partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organised",
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=SHORT_TEXT)
    description = models.TextField(_("description"), max_length=LONG_TEXT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "organisations.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_starts")]
        constraints = [
            models.CheckConstraint(name="event_one_organiser", condition=exactly_one_organiser()),
            models.CheckConstraint(
                name="event_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            ),
            models.CheckConstraint(
                name="event_place_or_online",
                condition=(Q(commune__isnull=False) & ~Q(address="")) | ~Q(online_url=""),
            ),
            models.CheckConstraint(
                name="event_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
            ),
            models.CheckConstraint(
                name="event_status_valid", condition=Q(status__in=EventStatus.values)
            ),
            models.CheckConstraint(name="event_kind_valid", condition=Q(kind__in=EventKind.values)),
            models.CheckConstraint(
                name="event_published_stamped",
                condition=~Q(status=EventStatus.PUBLISHED) | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    @property
    def organiser(self):
        return organiser_of(self)

    @property
    def places_left(self):
        """Free places (None: no limit); needs `with_places()`."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered, 0)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_on_site(self) -> bool:
        return self.commune_id is not None

    @property
    def place(self) -> str:
        return f"{self.address}, {self.commune.name}" if self.commune_id else ""


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_since", "pk")

    def active(self):
        return self.filter(status__in=ACTIVE_REGISTRATION)


class Registration(TimeStampedModel):
    """One person (with an account or a visitor known by name and e-mail) for one event: a
    place, a place awaited on the waiting list, or a visitor's request awaiting its e-mail's
    confirmation. One per e-mail and event: registering again reuses the row."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=SHORT_TEXT)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="registration_one_per_email"),
            models.CheckConstraint(
                name="registration_status_valid",
                condition=Q(status__in=RegistrationStatus.values),
            ),
            models.CheckConstraint(
                name="registration_email_lowercase", condition=Q(email=Lower("email"))
            ),
            models.CheckConstraint(
                name="registration_waiting_dated",
                condition=~Q(status=RegistrationStatus.WAITING) | Q(waiting_since__isnull=False),
            ),
            models.CheckConstraint(
                name="registration_attendance_of_confirmed",
                condition=Q(attended__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self):
        return f"{self.name} — {self.event}"
