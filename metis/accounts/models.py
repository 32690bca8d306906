import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import ORGANISATION_FIELDS, ROLE_ORGANISATION_FIELD, Format, Role, Weekday

INVITATION_VALIDITY = timedelta(days=14)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Identified by e-mail; erasure pseudonymises the row and keeps it, so that
    ledger postings, time entries and legal documents that point to it stay whole."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    email_digest = models.BooleanField(
        _("daily digest instead of immediate e-mails"), default=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class OrganisationLink(models.Model):
    """Points to the one organisation (operator, territory, company, association or partner)
    that a role is held in; which field is set follows the role (ROLE_ORGANISATION_FIELD)."""

    operator = models.ForeignKey(
        "organisations.Operator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    territory = models.ForeignKey(
        "organisations.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    company = models.ForeignKey(
        "organisations.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    association = models.ForeignKey(
        "organisations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    partner = models.ForeignKey(
        "organisations.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True

    @property
    def organisation(self):
        return getattr(self, ROLE_ORGANISATION_FIELD[self.role])


def _holds(roles, field):
    """The condition that a membership of `roles` points to `field` and to no other
    organisation."""
    roles = roles if isinstance(roles, list) else [roles]
    return Q(
        role__in=roles,
        **{f"{name}__isnull": name != field for name in ORGANISATION_FIELDS},
    )


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)

    def with_organisations(self):
        return self.select_related(*ORGANISATION_FIELDS)


class Membership(TimeStampedModel, OrganisationLink):
    """A user's role in one organisation. A leaver's membership is ended, never deleted."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    grade = models.CharField(
        _("grade"),
        max_length=100,
        blank=True,
        help_text=_("For employees: the grade whose cost price applies when they have none."),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_role_matches_organisation",
                condition=(
                    _holds(Role.OPERATOR_STAFF, "operator")
                    | _holds([Role.TERRITORY_OFFICER, Role.ELECTED_MEMBER], "territory")
                    | _holds([Role.COMPANY_REFERENT, Role.EMPLOYEE], "company")
                    | _holds(Role.ASSOCIATION_MANAGER, "association")
                    | _holds(Role.PARTNER_STAFF, "partner")
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", "role", field],
                    condition=Q(ended_at__isnull=True, **{f"{field}__isnull": False}),
                    name=f"one_current_{field}_membership_per_role",
                )
                for field in ORGANISATION_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    @property
    def is_current(self):
        return self.ended_at is None


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def _token():
    return secrets.token_urlsafe(32)


def _expiry():
    return timezone.now() + INVITATION_VALIDITY


class Invitation(TimeStampedModel, OrganisationLink):
    """An e-mail invitation to join an organisation with a role."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # For an employee: the grade their membership takes on acceptance (cost prices by grade).
    grade = models.CharField(_("grade"), max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(_("expires at"), default=_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class VolunteerProfile(TimeStampedModel):
    """What an employee offers: skills, availability, formats, place; consent to be suggested."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="volunteer_profile")
    job_title = models.CharField(_("job title (qualification)"), max_length=200, blank=True)
    skills = models.ManyToManyField(
        "skills.Skill", blank=True, related_name="profiles", verbose_name=_("skills")
    )
    hours_per_month = models.DecimalField(
        _("hours available per month"), max_digits=5, decimal_places=2, default=0
    )
    weekdays = models.JSONField(_("available days"), default=list, blank=True)
    formats = models.JSONField(_("formats accepted"), default=list, blank=True)
    commune = models.ForeignKey(
        "organisations.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    consents_to_suggestions = models.BooleanField(
        _("I agree to be suggested to associations"), default=False
    )

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        constraints = [
            models.CheckConstraint(
                name="profile_hours_non_negative",
                condition=Q(hours_per_month__gte=0, hours_per_month__lte=200),
            ),
        ]

    def __str__(self):
        return str(self.user)

    def weekday_labels(self):
        return [Weekday(d).label for d in self.weekdays]

    def format_labels(self):
        return [Format(f).label for f in self.formats]
