"""The hours ledger: accounts, immutable postings and their lines (docs/decisions/0004-ledger.md).

A posting is written once and never changed: `save()` refuses updates, `delete()` raises, the
QuerySets refuse `update()`/`delete()`, the admin is read-only and database triggers refuse
UPDATE and DELETE (migration 0002). Corrections are reversing postings.
"""

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from .enums import AccountKind, PostingEvent

IMMUTABLE = "Ledger postings are immutable: post a reversal instead."


class ImmutablePostingError(Exception):
    pass


# The shapes of the territorial kinds (no person): which holder each has.
TERRITORIAL_SHAPES = (
    Q(
        kind__in=[AccountKind.PLEDGE, AccountKind.USED],
        company__isnull=False,
        association__isnull=True,
        reference_id__isnull=True,
    )
    | Q(
        kind__in=[AccountKind.CREDIT, AccountKind.DELIVERED],
        company__isnull=True,
        association__isnull=False,
        reference_id__isnull=True,
    )
    | Q(
        kind=AccountKind.RESERVED_PLEDGE,
        company__isnull=False,
        association__isnull=True,
        reference_id__isnull=False,
    )
    | Q(
        kind=AccountKind.RESERVED_CREDIT,
        company__isnull=True,
        association__isnull=False,
        reference_id__isnull=False,
    )
    | Q(
        kind__in=[AccountKind.POOL, AccountKind.COMMITMENTS, AccountKind.FUNDING],
        company__isnull=True,
        association__isnull=True,
        reference_id__isnull=True,
    )
    | (
        Q(kind=AccountKind.EXPIRED, reference_id__isnull=True)
        & (Q(company__isnull=True) | Q(association__isnull=True))
    )
)


class AccountQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def balances_by_kind(self) -> dict[str, "Decimal"]:  # noqa: F821
        """Sum of the cached balances per account kind."""
        rows = self.order_by().values("kind").annotate(total=Sum("balance"))
        return {row["kind"]: row["total"] for row in rows}

    def with_line_sums(self):
        """Each account with the sum of its lines (what the cached balance must equal)."""
        return self.annotate(line_sum=Sum("lines__amount", default=0))


class Account(models.Model):
    """An hours account of a programme. `balance` is a cache of the sum of its lines, updated in
    the same transaction as each posting and recomputed by `manage.py ledger_check`.

    `reference_id` identifies the participation a reservation belongs to. The participation
    model (needs.Participation) comes with the mission cycle, which may then add a real foreign
    key; until then it is a plain integer id.

    `person` holds the civic accounts (Service Civique Professionnel, metis.civic): the account
    belongs to the person, not to their employer, so a change of employer does not touch it.
    """

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    company = models.ForeignKey(
        "organisations.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    association = models.ForeignKey(
        "organisations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference_id = models.BigIntegerField(_("participation id"), null=True, blank=True)
    person = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    must_stay_non_negative = models.BooleanField(default=False)
    balance = models.DecimalField(_("balance (h)"), max_digits=12, decimal_places=2, default=0)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours account")
        verbose_name_plural = _("hours accounts")
        ordering = ["programme", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                name="ledger_account_non_negative",
                condition=Q(must_stay_non_negative=False) | Q(balance__gte=0),
            ),
            models.CheckConstraint(
                name="ledger_account_shape",
                condition=(
                    (Q(person__isnull=True) & TERRITORIAL_SHAPES)
                    | Q(
                        kind__in=[AccountKind.CIVIC_ENTITLEMENT, AccountKind.CIVIC_DONE],
                        person__isnull=False,
                        company__isnull=True,
                        association__isnull=True,
                        reference_id__isnull=True,
                    )
                    | Q(
                        kind=AccountKind.CIVIC_RESERVED,
                        person__isnull=False,
                        company__isnull=True,
                        association__isnull=True,
                        reference_id__isnull=False,
                    )
                    | Q(
                        kind__in=[AccountKind.CIVIC_FUNDING, AccountKind.CIVIC_EXPIRED],
                        person__isnull=True,
                        company__isnull=True,
                        association__isnull=True,
                        reference_id__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "kind"],
                condition=Q(
                    company__isnull=True,
                    association__isnull=True,
                    reference_id__isnull=True,
                    person__isnull=True,
                ),
                name="ledger_one_programme_account_per_kind",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "company"],
                condition=Q(company__isnull=False, reference_id__isnull=True),
                name="ledger_one_company_account_per_kind",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "association"],
                condition=Q(association__isnull=False, reference_id__isnull=True),
                name="ledger_one_association_account_per_kind",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "reference_id"],
                condition=Q(reference_id__isnull=False),
                name="ledger_one_reference_account_per_kind",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "person"],
                condition=Q(person__isnull=False, reference_id__isnull=True),
                name="ledger_one_person_account_per_kind",
            ),
        ]

    def __str__(self):
        parts = [self.kind]
        if self.company_id:
            parts.append(f"company={self.company_id}")
        if self.association_id:
            parts.append(f"association={self.association_id}")
        if self.person_id:
            parts.append(f"person={self.person_id}")
        if self.reference_id:
            parts.append(f"participation={self.reference_id}")
        return ":".join(parts)

    @property
    def holder(self):
        return self.company or self.association or self.person


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutablePostingError(IMMUTABLE)

    def delete(self):
        raise ImmutablePostingError(IMMUTABLE)

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutablePostingError(IMMUTABLE)


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutablePostingError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutablePostingError(IMMUTABLE)


class PostingQuerySet(ImmutableQuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme)

    def touching(self, *accounts):
        return self.filter(lines__account__in=accounts).distinct()

    def history(self):
        """Newest first, with lines, accounts and their holders loaded."""
        return (
            self.select_related("created_by", "reverses")
            .prefetch_related(
                models.Prefetch(
                    "lines",
                    queryset=PostingLine.objects.select_related(
                        "account__company", "account__association"
                    ).order_by("pk"),
                )
            )
            .order_by("-created_at", "-pk")
        )

    def with_totals(self):
        """Postings whose lines do not sum to zero (there must be none)."""
        return self.order_by().annotate(total=Sum("lines__amount", default=0)).exclude(total=0)


class Posting(ImmutableModel):
    """One business event moving hours: its lines sum to zero."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="postings"
    )
    event = models.CharField(_("event"), max_length=32, choices=PostingEvent.choices)
    occurred_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "created_at"]),
            # a programme's postings of some events (the civic credits among millions of
            # validations: the national counter; the dashboards' pledged and allocated)
            models.Index(fields=["programme", "event"], name="ledger_posting_prog_event"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.event} {self.occurred_on}"


class PostingLine(ImmutableModel):
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    amount = models.DecimalField(_("hours"), max_digits=12, decimal_places=2)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting line")
        verbose_name_plural = _("posting lines")
        constraints = [
            models.CheckConstraint(name="ledger_line_not_zero", condition=~Q(amount=0)),
        ]

    def __str__(self):
        return f"{self.account} {self.amount:+}"


class AccountMonth(models.Model):
    """The lines of an account rolled up per month of their posting's date, event and (for a
    reversal) the reversed posting's event: what the dashboards read instead of scanning the
    lines. Maintained by a database trigger on every line inserted, in the same transaction as
    the posting, whatever inserts it (the service, a set-based posting, a seeder); never written
    by the code. `ledger_check` compares it with the lines. The civic days' lines (one account
    per person, read from the balances) are not rolled up."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="months")
    month = models.DateField(_("month"))
    event = models.CharField(_("event"), max_length=32)
    reversed_event = models.CharField(_("reversed event"), max_length=32, blank=True)
    amount = models.DecimalField(_("hours"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("account month")
        verbose_name_plural = _("account months")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month", "event", "reversed_event"],
                name="ledger_account_month_unique",
            )
        ]

    def __str__(self):
        return f"{self.account} {self.month:%Y-%m} {self.event} {self.amount:+}"


class ProgrammeMonth(models.Model):
    """The same rolled-up figures one level up: a programme's lines per kind of account, month,
    event and reversed event (a few hundred rows per programme, where AccountMonth holds one
    row per account and month, two accounts per participation). What the territory's and the
    operator's dashboards and the public impact page read. Kept by the same trigger as
    AccountMonth, in the posting's transaction; checked by `ledger_check`."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="ledger_months"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    month = models.DateField(_("month"))
    event = models.CharField(_("event"), max_length=32)
    reversed_event = models.CharField(_("reversed event"), max_length=32, blank=True)
    amount = models.DecimalField(_("hours"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("programme month")
        verbose_name_plural = _("programme months")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "month", "event", "reversed_event"],
                name="ledger_programme_month_unique",
            )
        ]

    def __str__(self):
        return f"{self.programme_id} {self.kind} {self.month:%Y-%m} {self.event} {self.amount:+}"
