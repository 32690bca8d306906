"""The scheduled purge deletes what is past its retention period, nothing more."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.accounts.personal_data import ACCESS_LOG_DAYS, INVITATION_DAYS, READ_NOTICE_DAYS
from metis.accounts.tests.factories import UserFactory, member
from metis.notifications.enums import NotificationKind
from metis.notifications.models import Notification
from metis.organisations.tests.factories import CompanyFactory


def _ago(days):
    return timezone.now() - timedelta(days=days)


def _attempt(days_ago):
    attempt = AccessAttempt.objects.create(
        username=f"p{days_ago}@exemple.fr",
        ip_address="203.0.113.7",
        user_agent="x",
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    # attempt_time is set on creation: date it back afterwards.
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=_ago(days_ago))
    return attempt


@pytest.mark.django_db
def test_purge_deletes_only_what_is_past_retention():
    old, recent = _attempt(ACCESS_LOG_DAYS + 1), _attempt(ACCESS_LOG_DAYS - 1)
    AccessLog.objects.create(
        username="x@exemple.fr", ip_address="203.0.113.7", user_agent="x", path_info="/"
    )
    AccessLog.objects.update(attempt_time=_ago(ACCESS_LOG_DAYS + 5))
    company = CompanyFactory()
    referent = member(Role.COMPANY_REFERENT, company)
    stale = Invitation.objects.create(
        email="ancienne@exemple.fr",
        role=Role.EMPLOYEE,
        company=company,
        invited_by=referent,
        expires_at=timezone.now() - timedelta(days=INVITATION_DAYS + 1),
    )
    fresh = Invitation.objects.create(
        email="nouvelle@exemple.fr", role=Role.EMPLOYEE, company=company, invited_by=referent
    )
    user = UserFactory()
    long_read = timezone.now() - timedelta(days=READ_NOTICE_DAYS + 1)
    read_old = Notification.objects.create(
        user=user, kind=NotificationKind.APPLICATION_RECEIVED, message="a", read_at=long_read
    )
    unread_old = Notification.objects.create(
        user=user,
        kind=NotificationKind.APPLICATION_RECEIVED,
        message="b",
        created_at=long_read,
    )
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()
    assert not AccessLog.objects.exists()
    assert not Invitation.objects.filter(pk=stale.pk).exists()
    assert Invitation.objects.filter(pk=fresh.pk).exists()
    assert not Notification.objects.filter(pk=read_old.pk).exists()
    assert Notification.objects.filter(pk=unread_old.pk).exists()
    assert "access_attempts: 1" in out.getvalue() and "read_notices: 1" in out.getvalue()


@pytest.mark.django_db
def test_purge_deletes_history_rows_older_than_ten_years():
    """History rows are kept ten years (docs/privacy.md), every app's, then deleted."""
    company = CompanyFactory()
    company.name = "Nouveau nom"
    company.save()
    member(Role.COMPANY_REFERENT, company)
    history = company.history.model
    old = company.history.earliest("history_date")
    history.objects.filter(pk=old.pk).update(history_date=_ago(365 * 10 + 3))
    recent = company.history.filter(history_date__gt=_ago(1)).count()
    memberships = Membership.history.count()
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert not history.objects.filter(pk=old.pk).exists()
    assert company.history.count() == recent
    assert Membership.history.count() == memberships
    assert "history_rows: 1" in out.getvalue()
