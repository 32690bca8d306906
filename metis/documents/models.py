"""Documents the law asks for (docs/rules.md § 2 and § 5; docs/decisions/0007-documents.md).

The rendered PDF bytes of every agreement version, amendment and receipt are stored with their
SHA-256: what was accepted or issued is kept byte for byte and never rendered again.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel

RECEIPT_IMMUTABLE = _("An issued receipt never changes: cancel it and issue a new one.")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(bytes(data)).hexdigest()


class Party(models.TextChoices):
    COMPANY = "company", _("Company (lender)")
    ASSOCIATION = "association", _("Association (user)")
    EMPLOYEE = "employee", _("Employee")


# Agreements ---------------------------------------------------------------------------------


class LoanAgreement(TimeStampedModel):
    """Agreement between the lending company and the association for one programme
    (Code du travail L8241-2): one per company × association × programme, versioned."""

    company = models.ForeignKey(
        "organisations.Company", on_delete=models.PROTECT, related_name="loan_agreements"
    )
    association = models.ForeignKey(
        "organisations.Association", on_delete=models.PROTECT, related_name="loan_agreements"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="loan_agreements"
    )

    class Meta:
        verbose_name = _("loan agreement")
        verbose_name_plural = _("loan agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "association", "programme"],
                name="one_agreement_per_company_association_programme",
            )
        ]

    def __str__(self):
        return f"{self.company} — {self.association} — {self.programme}"

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class AgreementAnnex(TimeStampedModel):
    """One employee's annex to the agreement (one per participation): the figures agreed."""

    agreement = models.ForeignKey(LoanAgreement, on_delete=models.PROTECT, related_name="annexes")
    participation = models.OneToOneField(
        "needs.Participation", on_delete=models.PROTECT, related_name="agreement_annex"
    )
    employee_name = models.CharField(max_length=300)
    job_title = models.CharField(max_length=200, blank=True)
    tasks = models.TextField()
    planned_hours = models.DecimalField(max_digits=7, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    hourly_cost = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    valuation = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    place = models.CharField(max_length=300)
    # Working times (hours and schedule) and the particular features of the post (L8241-2).
    schedule = models.TextField(blank=True)
    post_features = models.TextField(blank=True)
    # The annex is accepted on its own by the company and the association (adding an employee
    # never suspends the others): its text is rendered once and kept, as for every document.
    html = models.TextField(blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["pk"]

    @property
    def is_complete(self) -> bool:
        parties = set(self.acceptances.values_list("party", flat=True))
        return {Party.COMPANY, Party.ASSOCIATION} <= parties

    def accepted_by(self, party) -> bool:
        return self.acceptances.filter(party=party).exists()


class AgreementVersion(models.Model):
    """The agreement's general terms as rendered at one moment (the employees are in annexes,
    each accepted on its own). In force once every party accepted it. Acceptances record the
    SHA-256 of its stored text."""

    agreement = models.ForeignKey(LoanAgreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    # The text (HTML) is rendered once, when a party first opens or accepts this version, and
    # never again: `sha256` is its fingerprint, what acceptances record. The PDF is printed
    # from that stored text when first downloaded.
    html = models.TextField(blank=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="one_agreement_version_number"
            )
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"

    def accepted_by(self, party) -> bool:
        return self.acceptances.filter(party=party).exists()

    @property
    def is_complete(self) -> bool:
        parties = set(self.acceptances.values_list("party", flat=True))
        return {Party.COMPANY, Party.ASSOCIATION} <= parties


class ContractAmendment(TimeStampedModel):
    """Amendment to the employee's contract (L8241-2): tasks, hours, place of work."""

    participation = models.OneToOneField(
        "needs.Participation", on_delete=models.PROTECT, related_name="contract_amendment"
    )
    # Rendered when a party first opens or accepts it (and again only before any acceptance);
    # `sha256` is the fingerprint of the stored text, the PDF is printed from it.
    html = models.TextField(blank=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("contract amendment")
        verbose_name_plural = _("contract amendments")

    def __str__(self):
        return f"{_('Amendment')} — {self.participation}"

    @property
    def is_complete(self) -> bool:
        parties = set(self.acceptances.values_list("party", flat=True))
        return {Party.COMPANY, Party.EMPLOYEE} <= parties


class Acceptance(models.Model):
    """A party's online acceptance of one agreement version, one annex or one amendment: who,
    when, and the SHA-256 of the exact text accepted."""

    agreement_version = models.ForeignKey(
        AgreementVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    annex = models.ForeignKey(
        AgreementAnnex,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    amendment = models.ForeignKey(
        ContractAmendment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    party = models.CharField(max_length=16, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="acceptance_of_one_document",
                condition=Q(
                    agreement_version__isnull=False, annex__isnull=True, amendment__isnull=True
                )
                | Q(agreement_version__isnull=True, annex__isnull=False, amendment__isnull=True)
                | Q(agreement_version__isnull=True, annex__isnull=True, amendment__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["annex", "party"],
                condition=Q(annex__isnull=False),
                name="one_acceptance_per_annex_and_party",
            ),
            models.UniqueConstraint(
                fields=["agreement_version", "party"],
                condition=Q(agreement_version__isnull=False),
                name="one_acceptance_per_version_and_party",
            ),
            models.UniqueConstraint(
                fields=["amendment", "party"],
                condition=Q(amendment__isnull=False),
                name="one_acceptance_per_amendment_and_party",
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()} — {self.user} — {self.accepted_at:%d/%m/%Y %H:%M}"


# Receipts -----------------------------------------------------------------------------------


class ReceiptStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


class ReceiptCounter(models.Model):
    """Last sequence used per association and year; its row is locked to allocate the next."""

    association = models.ForeignKey(
        "organisations.Association", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="one_receipt_counter")
        ]

    def __str__(self):
        return f"{self.association_id}/{self.year}: {self.last}"


class ReceiptQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=ReceiptStatus.ISSUED)


# Fields fixed once a receipt is issued (cancellation only sets the cancellation fields).
RECEIPT_FROZEN_FIELDS = (
    "association_id",
    "company_id",
    "year",
    "sequence",
    "number",
    "period_start",
    "period_end",
    "hours",
    "amount",
    "description",
    "replaces_id",
    "issued_by_id",
    "issued_at",
    "sha256",
    "place",
    "signatory_id",
    "signatory_name",
    "signatory_title",
    "content_sha256",
)


class Receipt(models.Model):
    """Reçu fiscal for a donation of skills (cerfa n° 16216), issued by an association to a
    company for a period. Immutable once issued (docs/rules.md § 5)."""

    association = models.ForeignKey(
        "organisations.Association", on_delete=models.PROTECT, related_name="receipts"
    )
    company = models.ForeignKey(
        "organisations.Company", on_delete=models.PROTECT, related_name="receipts"
    )
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=20)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("description of the work"))
    place = models.CharField(max_length=200)
    # The person who actually issues (and signs) it, and their quality (docs/rules.md § 5).
    signatory = models.ForeignKey(
        "organisations.AssociationSignatory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    signatory_name = models.CharField(max_length=200)
    signatory_title = models.CharField(max_length=100)
    # SHA-256 of the signed content (canonical JSON of every printed figure), printed in the
    # electronic signature block; ``sha256`` is that of the PDF bytes.
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        max_length=16, choices=ReceiptStatus.choices, default=ReceiptStatus.ISSUED
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("tax receipt")
        verbose_name_plural = _("tax receipts")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year", "sequence"], name="receipt_number_unique"
            ),
            models.CheckConstraint(name="receipt_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="receipt_period_ordered", condition=Q(period_end__gte=models.F("period_start"))
            ),
            models.CheckConstraint(
                name="receipt_cancelled_has_reason",
                condition=Q(status=ReceiptStatus.ISSUED)
                | Q(cancelled_at__isnull=False) & ~Q(cancellation_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.company}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*RECEIPT_FROZEN_FIELDS, "status")
            stored = stored.first()
            if stored is not None:
                changed = [f for f in RECEIPT_FROZEN_FIELDS if stored[f] != getattr(self, f)]
                reopened = (
                    stored["status"] == ReceiptStatus.CANCELLED
                    and self.status != ReceiptStatus.CANCELLED
                )
                if changed or reopened:
                    raise ValidationError(RECEIPT_IMMUTABLE, code="immutable")
                kwargs["update_fields"] = [
                    "status",
                    "cancelled_at",
                    "cancelled_by",
                    "cancellation_reason",
                ]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(RECEIPT_IMMUTABLE, code="immutable")


class ReceiptLineQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class ReceiptLine(models.Model):
    """One validated time entry covered by a receipt, with the figures printed for it.

    ``active`` is True while the receipt is issued (set to False when it is cancelled): a
    partial unique constraint then lets a time entry be covered by one issued receipt only,
    whatever the concurrency (docs/rules.md § 5: each donation receipted once)."""

    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="lines")
    time_entry = models.ForeignKey(
        "needs.TimeEntry", on_delete=models.PROTECT, related_name="receipt_lines"
    )
    employee_name = models.CharField(max_length=300)
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    hourly_cost = models.DecimalField(max_digits=8, decimal_places=2)
    value = models.DecimalField(max_digits=10, decimal_places=2)
    active = models.BooleanField(default=True)

    objects = ReceiptLineQuerySet.as_manager()

    class Meta:
        ordering = ["receipt", "employee_name", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["time_entry"],
                condition=Q(active=True),
                name="time_entry_receipted_once",
            ),
        ]

    def __str__(self):
        return f"{self.receipt} — {self.employee_name} — {self.date}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


BATCH_UNFINISHED = (BatchStatus.QUEUED, BatchStatus.RUNNING)


class ReceiptBatch(models.Model):
    """Year-end issue of receipts for every company with valued hours, run as a task."""

    association = models.ForeignKey(
        "organisations.Association", on_delete=models.PROTECT, related_name="receipt_batches"
    )
    year = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("receipt batch")
        verbose_name_plural = _("receipt batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.association} — {self.year} — {self.get_status_display()}"

    @property
    def is_running(self) -> bool:
        return self.status in BATCH_UNFINISHED

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        return int(100 * (self.done + len(self.errors)) / self.total) if self.total else 0
