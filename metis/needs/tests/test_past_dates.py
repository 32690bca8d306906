"""A replay (the demo's past programme) calls the mission cycle's services with `now`, a past
moment: the dates they compare with "today", what they stamp, their history rows and their
ledger postings are that moment's; nothing patches the clock."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.documents.models import AgreementAnnex, ContractAmendment
from metis.ledger.enums import PostingEvent
from metis.ledger.models import Posting
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.tests.factories import ProgrammeFactory

from ..enums import NeedStatus, ParticipationStatus, RefusalReason
from ..models import Need, Participation
from .factories import (
    Cycle,
    documents_accepted,
    need_data,
    signed_pledge,
    volunteer,
    voted_subsidy,
)

pytestmark = pytest.mark.django_db


def moment(month, day):
    return timezone.make_aware(datetime.datetime(2025, month, day, 10))


MARCH, APRIL, MAY, DECEMBER = moment(3, 3), moment(4, 14), moment(5, 5), moment(12, 31)


def _history_dates(obj):
    return [h.history_date for h in obj.history.order_by("history_id")]


@pytest.fixture
def past():
    """Last year's programme, its pledge and credit, a need published on 3 March 2025."""
    programme = ProgrammeFactory(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    company, association = CompanyFactory(), AssociationFactory()
    manager = member(Role.ASSOCIATION_MANAGER, association)
    referent = member(Role.COMPANY_REFERENT, company)
    signed_pledge(programme, company, "100", by=referent)
    voted_subsidy(programme, association, "40", by=UserFactory())
    need = need_services.need_create(
        association=association, data=need_data(programme), by=manager, now=MARCH
    )
    need = need_services.need_publish(need=need, by=manager, now=MARCH)
    return Cycle(programme, company, association, manager, referent, volunteer(company), need)


def _accepted(past, now=APRIL):
    p = participation_services.participation_apply(
        need=past.need, volunteer=past.employee, message="Bonjour", now=now
    )
    return participation_services.participation_accept(participation=p, by=past.manager, now=now)


def _approved(past, now=APRIL):
    return participation_services.participation_approve(
        participation=_accepted(past, now),
        by=past.referent,
        planned_hours=Decimal("20"),
        starts_on=now.date(),
        ends_on=past.programme.ends_on,
        now=now,
    )


def test_need_created_and_published_at_the_replayed_moment(past):
    need = Need.objects.get(pk=past.need.pk)
    assert need.status == NeedStatus.PUBLISHED
    assert need.published_at == MARCH
    assert need.created_at == MARCH and need.updated_at == MARCH
    assert set(_history_dates(need)) == {MARCH}


def test_a_past_need_cannot_be_published_today(past):
    draft = need_services.need_create(
        association=past.association, data=need_data(past.programme), by=past.manager, now=MARCH
    )
    with pytest.raises(ValidationError) as error:
        need_services.need_publish(need=draft, by=past.manager)
    assert str(need_services.END_IN_PAST) in error.value.messages
    draft.refresh_from_db()
    assert draft.status == NeedStatus.DRAFT and draft.published_at is None


def test_applied_and_accepted_at_the_replayed_moment(past):
    p = Participation.objects.get(pk=_accepted(past).pk)
    assert p.status == ParticipationStatus.ACCEPTED
    assert p.created_at == APRIL and p.updated_at == APRIL
    assert _history_dates(p) == [APRIL, APRIL]


def test_joining_a_past_need_today_is_refused(past):
    """Today the need has expired: only a replay at its own date can join it."""
    with pytest.raises(ValidationError) as error:
        participation_services.participation_apply(need=past.need, volunteer=past.employee)
    assert str(participation_services.NEED_NOT_OPEN) in error.value.messages
    assert not Participation.objects.exists()


def test_approved_at_the_replayed_moment_and_reserved_that_day(past):
    p = Participation.objects.get(pk=_approved(past).pk)
    assert p.status == ParticipationStatus.APPROVED
    assert p.approved_at == APRIL and p.updated_at == APRIL
    assert _history_dates(p)[-1] == APRIL
    reservation = Posting.objects.get(event=PostingEvent.RESERVATION_MADE)
    assert reservation.occurred_on == datetime.date(2025, 4, 14)
    # Its documents are prepared then (metis.workflow → metis.documents).
    annex = AgreementAnnex.objects.select_related("agreement").get(participation=p)
    amendment = ContractAmendment.objects.get(participation=p)
    version = annex.agreement.versions.get()
    assert annex.agreement.created_at == annex.created_at == amendment.created_at == APRIL
    assert version.created_at == APRIL
    p = documents_accepted(p, company_by=past.referent, association_by=past.manager, now=APRIL)
    assert p.activated_at == APRIL and _history_dates(p)[-1] == APRIL


def test_refused_at_the_replayed_moment(past):
    p = participation_services.participation_refuse(
        participation=_accepted(past), by=past.referent, reason=RefusalReason.OUT_OF_POLICY, now=MAY
    )
    p = Participation.objects.get(pk=p.pk)
    assert p.status == ParticipationStatus.REFUSED
    assert p.ended_at == MAY and p.updated_at == MAY
    assert _history_dates(p)[-1] == MAY


def test_need_cancelled_at_the_replayed_moment(past):
    p = _accepted(past)
    need_services.need_cancel(need=past.need, by=past.manager, now=MAY)
    need = Need.objects.get(pk=past.need.pk)
    assert need.status == NeedStatus.CANCELLED and need.updated_at == MAY
    assert _history_dates(need)[-1] == MAY
    p.refresh_from_db()
    assert p.status == ParticipationStatus.CANCELLED and p.ended_at == MAY


def test_need_completed_at_the_replayed_moment_releases_that_day(past):
    p = _approved(past)
    documents_accepted(p, company_by=past.referent, association_by=past.manager, now=APRIL)
    need_services.need_complete(need=past.need, by=past.manager, now=DECEMBER)
    need = Need.objects.get(pk=past.need.pk)
    assert need.status == NeedStatus.COMPLETED and need.updated_at == DECEMBER
    assert _history_dates(need)[-1] == DECEMBER
    p.refresh_from_db()
    assert p.status == ParticipationStatus.COMPLETED and p.ended_at == DECEMBER
    released = Posting.objects.get(event=PostingEvent.RESERVATION_RELEASED)
    assert released.occurred_on == datetime.date(2025, 12, 31)
