import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.documents.services import activation
from metis.ledger.selectors import credit_balance, remaining_pledge
from metis.needs.services import common as needs_common
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.organisations.tests.factories import CompanyFactory

from ..enums import NeedStatus, ParticipationStatus, RefusalReason, WithdrawalReason
from ..models import Participation
from .factories import documents_accepted, volunteer


def test_apply_accept_approve_activate(cycle):
    p = cycle.participation("applied")
    assert p.status == ParticipationStatus.APPLIED and p.company == cycle.company
    p = participation_services.participation_accept(participation=p, by=cycle.manager)
    assert p.status == ParticipationStatus.ACCEPTED
    p = participation_services.participation_approve(
        participation=p,
        by=cycle.referent,
        planned_hours="15",
        starts_on=cycle.programme.starts_on,
        ends_on=cycle.programme.ends_on,
    )
    assert p.status == ParticipationStatus.APPROVED
    assert p.reserved_hours == Decimal("15")
    assert credit_balance(cycle.programme, cycle.association) == Decimal("25")
    assert remaining_pledge(cycle.programme, cycle.company) == Decimal("85")
    cycle.need.refresh_from_db()
    assert cycle.need.status == NeedStatus.IN_PROGRESS
    # Active only once every party accepted the agreement and the amendment.
    with pytest.raises(ValidationError, match=str(activation.MISSING_AGREEMENT_COMPANY)):
        activation.participation_activate(participation=p, by=cycle.referent)
    assert Participation.objects.get(pk=p.pk).status == ParticipationStatus.APPROVED
    p = documents_accepted(p, company_by=cycle.referent, association_by=cycle.manager)
    assert p.status == ParticipationStatus.ACTIVE


def test_apply_twice_is_refused(cycle):
    cycle.participation("applied")
    with pytest.raises(ValidationError, match=str(participation_services.ALREADY_PARTICIPATING)):
        participation_services.participation_apply(need=cycle.need, volunteer=cycle.employee)


def test_apply_without_pledge_in_the_programme(cycle):
    outsider = volunteer(CompanyFactory())
    with pytest.raises(ValidationError) as error:
        participation_services.participation_apply(need=cycle.need, volunteer=outsider)
    company = outsider.memberships.get().company
    assert error.value.messages == [str(participation_services.NO_PLEDGE) % {"company": company}]


def test_apply_to_a_draft_need(cycle):
    need_services.need_moderate(need=cycle.need, by=cycle.manager, note="x")
    with pytest.raises(ValidationError, match=str(need_services.NEED_NOT_OPEN)):
        participation_services.participation_apply(need=cycle.need, volunteer=cycle.employee)


def test_invite_requires_consent(cycle):
    shy = volunteer(cycle.company, consents=False)
    with pytest.raises(ValidationError, match=str(participation_services.NOT_CONSENTING)):
        participation_services.participation_invite(
            need=cycle.need, volunteer=shy, by=cycle.manager
        )
    p = participation_services.participation_invite(
        need=cycle.need, volunteer=cycle.employee, by=cycle.manager
    )
    assert p.status == ParticipationStatus.INVITED
    p = participation_services.participation_accept(participation=p, by=cycle.employee)
    assert p.status == ParticipationStatus.ACCEPTED


def test_refuse_needs_a_coded_reason(cycle):
    p = cycle.participation("applied")
    with pytest.raises(ValidationError, match=str(needs_common.REASON_REQUIRED)):
        participation_services.participation_refuse(
            participation=p, by=cycle.manager, reason="nope"
        )
    p = participation_services.participation_refuse(
        participation=p, by=cycle.manager, reason=RefusalReason.NEED_FILLED, note="Complet"
    )
    assert p.status == ParticipationStatus.REFUSED
    assert p.ended_by == cycle.manager and p.reason_note == "Complet"
    # Refused: may apply again.
    participation_services.participation_apply(need=cycle.need, volunteer=cycle.employee)


def test_approval_beyond_the_credit_is_refused_and_writes_nothing(cycle):
    p = cycle.participation("accepted")
    with pytest.raises(ValidationError) as error:
        participation_services.participation_approve(
            participation=p,
            by=cycle.referent,
            planned_hours="41",
            starts_on=cycle.programme.starts_on,
            ends_on=cycle.programme.ends_on,
        )
    assert error.value.code == "insufficient_balance"
    assert "40,00" in error.value.messages[0]
    p.refresh_from_db()
    assert p.status == ParticipationStatus.ACCEPTED and p.reserved_hours == 0
    assert credit_balance(cycle.programme, cycle.association) == Decimal("40")


def test_approval_beyond_the_pledge_is_refused(db):
    from .factories import make_cycle

    cycle = make_cycle(pledge_hours="10", credit_hours="40")
    p = cycle.participation("accepted")
    with pytest.raises(ValidationError) as error:
        participation_services.participation_approve(
            participation=p,
            by=cycle.referent,
            planned_hours="11",
            starts_on=cycle.programme.starts_on,
            ends_on=cycle.programme.ends_on,
        )
    assert error.value.code == "insufficient_balance"


def test_approval_bad_input(cycle):
    p = cycle.participation("accepted")
    programme = cycle.programme
    cases = [
        ("0", programme.starts_on, programme.ends_on, "planned_hours"),
        ("5", None, programme.ends_on, "planned_starts_on"),
        ("5", programme.ends_on, programme.starts_on, "planned_ends_on"),
        (
            "5",
            programme.starts_on,
            programme.ends_on + datetime.timedelta(days=1),
            "planned_ends_on",
        ),
    ]
    for hours, starts_on, ends_on, field in cases:
        with pytest.raises(ValidationError) as error:
            participation_services.participation_approve(
                participation=p,
                by=cycle.referent,
                planned_hours=hours,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        assert field in error.value.message_dict


def test_bulk_approval_reports_each_failure(cycle):
    others = [volunteer(cycle.company) for _ in range(3)]
    ps = [cycle.participation("accepted", volunteer=v) for v in others]
    programme = cycle.programme
    planned = {p.pk: ("15", programme.starts_on, programme.ends_on) for p in ps}
    approved, errors = participation_services.participations_approve_bulk(
        participations=ps, by=cycle.referent, planned=planned
    )
    assert len(approved) == 2 and list(errors) == [ps[2].pk]
    assert credit_balance(cycle.programme, cycle.association) == Decimal("10")


def test_withdraw_releases_the_unused_reservation(cycle):
    p = cycle.participation("active", hours="20")
    with pytest.raises(ValidationError):
        participation_services.participation_withdraw(participation=p, by=cycle.employee, reason="")
    p = participation_services.participation_withdraw(
        participation=p, by=cycle.employee, reason=WithdrawalReason.PERSONAL
    )
    assert p.status == ParticipationStatus.WITHDRAWN
    assert credit_balance(cycle.programme, cycle.association) == Decimal("40")
    assert remaining_pledge(cycle.programme, cycle.company) == Decimal("100")


def test_wrong_state_transitions(cycle):
    p = cycle.participation("active")
    with pytest.raises(ValidationError, match=str(needs_common.WRONG_STATE)):
        participation_services.participation_accept(participation=p, by=cycle.manager)
    with pytest.raises(ValidationError, match=str(activation.ACTIVATION_WRONG_STATE)):
        activation.participation_activate(participation=p, by=cycle.manager)
    assert Participation.objects.get(pk=p.pk).status == ParticipationStatus.ACTIVE
