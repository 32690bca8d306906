"""The local ecosystem of a territory (docs/ecosystem.md): partners' offers, partnership
charters voted by the council and signed online, the actions logged against their
commitments, resources, and the project holders asking partners for support."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import (
    CharterStatus,
    CouncilOutcome,
    HolderStatus,
    OfferKind,
    RequestStatus,
    ResourceKind,
    SignatorySide,
)

SIGNED_DELIBERATION_MAX_BYTES = 10 * 1024 * 1024


class PartnerOffer(TimeStampedModel):
    """One thing a partner offers the ecosystem (premises, financing, coaching…)."""

    partner = models.ForeignKey(
        "organisations.Partner", on_delete=models.CASCADE, related_name="offers"
    )
    kind = models.CharField(_("kind of offer"), max_length=20, choices=OfferKind.choices)
    description = models.TextField(_("description"), max_length=2000)
    is_active = models.BooleanField(_("currently offered"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner's offer")
        verbose_name_plural = _("partners' offers")
        ordering = ["partner", "kind", "pk"]

    def __str__(self):
        return f"{self.partner} — {self.get_kind_display()}"


class CouncilSession(TimeStampedModel):
    """One item of the municipal council's agenda: one or several charters presented together
    (one note, one deliberation), then the outcome and the signed deliberation."""

    territory = models.ForeignKey(
        "organisations.Territory", on_delete=models.PROTECT, related_name="council_sessions"
    )
    session_date = models.DateField(_("date of the council's session"))
    rapporteur = models.CharField(_("rapporteur"), max_length=200)
    context = models.TextField(
        _("context"),
        max_length=5000,
        help_text=_("Why the commune builds this ecosystem; printed in the presentation note."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=CouncilOutcome.choices,
        default=CouncilOutcome.PENDING,
    )
    deliberation_number = models.CharField(_("deliberation number"), max_length=50, blank=True)
    signed_deliberation = models.BinaryField(_("signed deliberation"), null=True, editable=False)
    signed_deliberation_name = models.CharField(max_length=200, blank=True)
    signed_deliberation_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["signed_deliberation"])

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-session_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="council_decision_has_a_number",
                condition=Q(outcome=CouncilOutcome.PENDING) | ~Q(deliberation_number=""),
            )
        ]

    def __str__(self):
        return f"{self.territory} — {self.session_date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("ecosystem:session_detail", args=[self.pk])


class CharterQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=CharterStatus.IN_FORCE)


class Charter(TimeStampedModel):
    """A partnership charter between a territory's commune and a partner: the five commitments
    (COMMITMENTS, copied in French at drafting) plus the partner's own contributions."""

    territory = models.ForeignKey(
        "organisations.Territory", on_delete=models.PROTECT, related_name="charters"
    )
    partner = models.ForeignKey(
        "organisations.Partner", on_delete=models.PROTECT, related_name="charters"
    )
    title = models.CharField(_("title"), max_length=200)
    commitments = models.JSONField(_("commitments"), default=list, editable=False)
    contributions = models.TextField(
        _("the partner's own contributions"),
        max_length=5000,
        help_text=_("What this partner brings, e.g. premises, banking products, coaching."),
    )
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    status = models.CharField(
        _("status"), max_length=16, choices=CharterStatus.choices, default=CharterStatus.DRAFT
    )
    council_session = models.ForeignKey(
        CouncilSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("council session"),
    )
    renews = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership charter")
        verbose_name_plural = _("partnership charters")
        ordering = ["territory", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="charter_period_is_ordered", condition=Q(ends_on__gt=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="charter_past_draft_has_a_session",
                condition=Q(status=CharterStatus.DRAFT) | Q(council_session__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ecosystem:charter_detail", args=[self.pk])


class CharterSignature(models.Model):
    """One side's signature: who, when, and the SHA-256 of the charter's text they signed."""

    charter = models.ForeignKey(Charter, on_delete=models.PROTECT, related_name="signatures")
    side = models.CharField(_("side"), max_length=16, choices=SignatorySide.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)

    class Meta:
        verbose_name = _("charter signature")
        verbose_name_plural = _("charter signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "side"], name="one_signature_per_side")
        ]

    def __str__(self):
        return f"{self.charter} — {self.get_side_display()}"


class CommitmentAction(TimeStampedModel):
    """An action done under one commitment of a charter (0: the partner's own contributions)."""

    charter = models.ForeignKey(Charter, on_delete=models.PROTECT, related_name="actions")
    commitment = models.PositiveSmallIntegerField(_("commitment"))
    done_on = models.DateField(_("done on"))
    description = models.TextField(_("what was done"), max_length=2000)
    beneficiaries = models.CharField(_("who benefited"), max_length=500)
    people_reached = models.PositiveIntegerField(_("number of people reached"), default=0)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action under a commitment")
        verbose_name_plural = _("actions under the commitments")
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="action_commitment_known", condition=Q(commitment__lte=5))
        ]

    def __str__(self):
        return f"{self.charter} — {self.done_on:%d/%m/%Y}"


class Resource(TimeStampedModel):
    """A guide or a network to contact, shown on the territory's public ecosystem page."""

    territory = models.ForeignKey(
        "organisations.Territory", on_delete=models.CASCADE, related_name="ecosystem_resources"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (link)"), blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Project(TimeStampedModel):
    """A social-entrepreneurship project looking for support from the partners."""

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ecosystem_projects"
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        on_delete=models.PROTECT,
        related_name="ecosystem_projects",
        verbose_name=_("territory"),
    )
    title = models.CharField(_("name of the project"), max_length=200)
    description = models.TextField(_("the project"), max_length=5000)
    holder_status = models.CharField(
        _("who carries it"), max_length=20, choices=HolderStatus.choices
    )
    structure_name = models.CharField(
        _("name of the structure, if any"), max_length=200, blank=True
    )
    looking_for_support = models.BooleanField(_("show it on the public page"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ecosystem:project_detail", args=[self.pk])

    @property
    def may_receive_skills_sponsorship(self):
        return self.holder_status == HolderStatus.GENERAL_INTEREST_ASSOCIATION


class SupportRequest(TimeStampedModel):
    """A project holder's request to one partner, and the partner's answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="requests")
    partner = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("support asked"), max_length=20, choices=OfferKind.choices)
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="answered_request_has_an_answer",
                condition=Q(status=RequestStatus.OPEN) | Q(answered_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.project} → {self.partner}"
