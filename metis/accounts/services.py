"""Writes about people: memberships, invitations, personal data."""

import csv
import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.core.mail import absolute_url, email_queue

from . import personal_data
from .enums import ROLE_ORGANISATION_FIELD, Role
from .models import Invitation, Membership, User, VolunteerProfile
from .personal_data import ERASED_NAME

INVITATION_EXPIRED = gettext_lazy("This invitation has expired: ask for a new one.")
INVITATION_USED = gettext_lazy("This invitation has already been used or was withdrawn.")
INVITATION_WRONG_EMAIL = gettext_lazy(
    "This invitation was sent to another e-mail address: log in with that address to accept it."
)
ALREADY_MEMBER = gettext_lazy("This person already holds this role in this organisation.")
MEMBERSHIP_ALREADY_ENDED = gettext_lazy("This membership has already ended.")
INACTIVE_ORGANISATION = gettext_lazy("This organisation is not active yet.")
INVITATION_LIST_UNREADABLE = gettext_lazy(
    "This list cannot be read: one line is far too long or holds an invalid character."
)


def _organisation_kwargs(role, organisation):
    return {ROLE_ORGANISATION_FIELD[Role(role)]: organisation}


OPERATOR_STAFF_GROUP = "Équipe opérateur"
# The admin serves operator staff: they read everything there and edit organisations; every
# other write goes through the screens' services (the admin is read-only for those models).
ADMIN_EDITABLE_APPS = {"organisations"}


def operator_staff_group():
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=OPERATOR_STAFF_GROUP)
    if created:
        permissions = Permission.objects.filter(
            content_type__app_label__in=[
                "accounts",
                "organisations",
                "skills",
                "programmes",
                "ledger",
                "needs",
                "valuation",
            ]
        )
        group.permissions.set(
            [
                p
                for p in permissions
                if p.codename.startswith("view_")
                or (
                    p.content_type.app_label in ADMIN_EDITABLE_APPS
                    and p.codename.startswith(("change_", "add_"))
                )
            ]
        )
    return group


def grant_admin_access(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(operator_staff_group())


def membership_create(*, user, role, organisation, now=None, grade="") -> Membership:
    """`now` (None: the present): when the membership starts, for a replay at a past date;
    `grade`: an employee's grade (the cost price of the grade applies when they have none)."""
    kwargs = _organisation_kwargs(role, organisation)
    if Membership.objects.current().filter(user=user, role=role, **kwargs).exists():
        raise ValidationError(ALREADY_MEMBER)
    membership = Membership.objects.create(
        user=user, role=role, started_at=now or timezone.now(), grade=grade, **kwargs
    )
    if role == Role.EMPLOYEE:
        VolunteerProfile.objects.get_or_create(user=user)
    if role == Role.OPERATOR_STAFF:
        grant_admin_access(user)
    user.__dict__.pop("_metis_memberships", None)
    return membership


@transaction.atomic
def membership_end(*, membership, by) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        raise ValidationError(MEMBERSHIP_ALREADY_ENDED)
    membership.ended_at = timezone.now()
    membership._change_reason = f"ended by {by.pk}"
    membership.save(update_fields=["ended_at", "updated_at"])
    return membership


def parse_invitation_list(text: str) -> list[dict]:
    """Read a pasted list or CSV of people: one per line, `email` or `email;first;last` (comma,
    semicolon or tab separated; a header line is skipped). Raises ValidationError listing every
    bad line, so nothing is half-sent."""
    rows, errors, seen = [], [], set()
    sample = text.strip()
    if not sample:
        raise ValidationError(_("The list is empty."))
    dialect = (
        csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",;\t")
        if any(sep in sample.splitlines()[0] for sep in ",;\t")
        else csv.excel
    )
    try:
        lines = list(csv.reader(io.StringIO(sample), dialect))
    except csv.Error as error:  # a field over the csv module's limit (128 KB), a stray NUL…
        raise ValidationError(INVITATION_LIST_UNREADABLE) from error
    for number, fields in enumerate(lines, start=1):
        fields = [f.strip() for f in fields]
        if not any(fields):
            continue
        email = fields[0].lower()
        if number == 1 and "@" not in email and email in {"email", "e-mail", "courriel", "mail"}:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(line)s: “%(email)s” is not a valid e-mail address.")
                % {"line": number, "email": fields[0]}
            )
            continue
        if email in seen:
            continue
        seen.add(email)
        rows.append(
            {
                "email": email,
                "first_name": fields[1] if len(fields) > 1 else "",
                "last_name": fields[2] if len(fields) > 2 else "",
            }
        )
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def invitations_send(*, organisation, role, people: list[dict], by, reason=""):
    """Invite people (dicts of email, first_name, last_name and, for employees, grade) to an
    organisation with a role; existing members are skipped. Returns the invitations created.
    `reason`, when given, tells them in the e-mail why they are invited."""
    if not organisation.accepts_invitations:
        raise ValidationError(INACTIVE_ORGANISATION)
    kwargs = _organisation_kwargs(role, organisation)
    already = set(
        Membership.objects.current()
        .filter(role=role, **kwargs)
        .values_list("user__email", flat=True)
    )
    created = []
    for person in people:
        if person["email"] in already:
            continue
        Invitation.objects.pending().filter(email=person["email"], role=role, **kwargs).update(
            revoked_at=timezone.now()
        )
        created.append(Invitation.objects.create(role=role, invited_by=by, **kwargs, **person))
    for invitation in created:
        _send_invitation_email(invitation, reason)
    return created


def _send_invitation_email(invitation, reason=""):
    url = absolute_url(reverse("accounts:invitation_accept", args=[invitation.token]))
    context = {"invitation": invitation, "url": url, "reason": reason}
    email_queue(
        to=invitation.email,
        subject=_("Invitation to join %(organisation)s on METIS")
        % {"organisation": invitation.organisation},
        body=render_to_string("accounts/email/invitation.txt", context),
    )


@transaction.atomic
def invitation_accept(*, invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(INVITATION_USED)
    if invitation.is_expired:
        raise ValidationError(INVITATION_EXPIRED)
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(INVITATION_WRONG_EMAIL)
    if not user.first_name and invitation.first_name:
        user.first_name, user.last_name = invitation.first_name, invitation.last_name
        user.save(update_fields=["first_name", "last_name"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership_create(
        user=user,
        role=invitation.role,
        organisation=invitation.organisation,
        grade=invitation.grade,
    )


PROFILE_FIELDS = (
    "job_title",
    "hours_per_month",
    "weekdays",
    "formats",
    "commune",
    "languages",
    "consents_to_suggestions",
)


@transaction.atomic
def volunteer_profile_save(*, user, data: dict) -> VolunteerProfile:
    """Create or update the person's volunteer profile: PROFILE_FIELDS, then the skills
    (`professional_skills` and `personal_skills`)."""
    profile, _created = VolunteerProfile.objects.select_for_update().get_or_create(user=user)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.save()
    profile.skills.set(
        list(data.get("professional_skills", [])) + list(data.get("personal_skills", []))
    )
    return profile


def user_export_data(*, user) -> dict:
    """Everything the platform holds about a person, as plain JSON-ready data."""
    profile = getattr(user, "volunteer_profile", None)
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "memberships": [
            {
                "role": m.role,
                "organisation": str(m.organisation),
                "started_at": m.started_at.isoformat(),
                "ended_at": m.ended_at.isoformat() if m.ended_at else None,
            }
            for m in user.memberships.with_organisations().order_by("started_at")
        ],
        "volunteer_profile": None,
    }
    if profile:
        data["volunteer_profile"] = {
            "job_title": profile.job_title,
            "skills": [s.code for s in profile.skills.all()],
            "hours_per_month": str(profile.hours_per_month),
            "weekdays": profile.weekdays,
            "formats": profile.formats,
            "commune": profile.commune_id,
            "languages": profile.languages,
            "consents_to_suggestions": profile.consents_to_suggestions,
        }
    for export in personal_data.EXPORTERS:
        data.update(export(user))
    return data


@transaction.atomic
def user_erase(*, user) -> None:
    """Erasure on request: the person is pseudonymised, their profile deleted and memberships
    ended; rows that ledger totals and legal documents need keep pointing to the (now
    anonymous) user. Every app that holds personal data then removes or pseudonymises its own
    (accounts.personal_data), and the log-in attempts under their e-mail are deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    former = personal_data.FormerIdentity(full_name=user.get_full_name(), email=user.email)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    Membership.objects.current().filter(user=user).update(ended_at=now)
    VolunteerProfile.objects.filter(user=user).delete()
    Invitation.objects.filter(email=user.email).delete()
    user.emailaddress_set.all().delete()
    user.email = f"effacee-{user.pk}@invalid.metis"
    user.first_name = ERASED_NAME
    user.last_name = f"#{user.pk}"
    user.set_unusable_password()
    user.is_active = False
    user.erased_at = now
    user.save()
    user.authenticator_set.all().delete()
    for erase in personal_data.ERASERS:
        erase(user, former)


@transaction.atomic
def personal_data_purge(*, now=None) -> dict[str, int]:
    """Delete what is past its retention period (accounts.personal_data, docs/privacy.md):
    log-in attempts and access logs, expired sessions, old invitations, then each app's own.
    Returns the number of rows deleted per kind."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    now = now or timezone.now()
    logs_before = now - timedelta(days=personal_data.ACCESS_LOG_DAYS)
    invitations_before = now - timedelta(days=personal_data.INVITATION_DAYS)
    deletions = {
        "access_attempts": AccessAttempt.objects.filter(attempt_time__lt=logs_before),
        "access_logs": AccessLog.objects.filter(attempt_time__lt=logs_before),
        "access_failures": AccessFailureLog.objects.filter(attempt_time__lt=logs_before),
        "sessions": Session.objects.filter(expire_date__lt=now),
        "invitations": Invitation.objects.filter(expires_at__lt=invitations_before),
    }
    counts = {label: queryset.delete()[0] for label, queryset in deletions.items()}
    counts["history_rows"] = _history_purge(before=_years_before(now, personal_data.HISTORY_YEARS))
    for purge in personal_data.PURGERS:
        counts.update(purge(now))
    return counts


def _years_before(moment, years: int):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _history_purge(*, before) -> int:
    """Delete every app's history rows (django-simple-history) older than `before`; the rows
    of many-to-many history go with the row they belong to."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    deleted = 0
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) and hasattr(model, "history_date"):
            deleted += model.objects.filter(history_date__lt=before).delete()[0]
    return deleted
