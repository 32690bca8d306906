from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.accounts.tests.factories import UserFactory
from metis.needs.services import needs as need_services
from metis.organisations.tests.factories import AssociationFactory

from ..enums import NeedStatus, ParticipationStatus
from ..models import Need
from ..templates_data import need_templates
from .factories import need_data, open_programme, skill


def test_need_create_from_scratch_sets_search_text(cycle):
    need = cycle.need
    assert need.status == NeedStatus.PUBLISHED
    assert " comptabilit" in need.search_text
    assert need.slug == "revue-des-comptes-annuels"
    assert list(need.skills_required.all()) == [skill("accounting")]


def test_need_needs_a_voted_credit_in_an_open_programme(cycle):
    other = AssociationFactory()
    with pytest.raises(ValidationError) as error:
        need_services.need_create(
            association=other, data=need_data(cycle.programme), by=cycle.manager
        )
    assert need_services.PROGRAMME_NOT_AVAILABLE in error.value.message_dict["programme"]


def test_need_bad_input(cycle):
    data = need_data(
        cycle.programme,
        title=" ",
        skills_required=[],
        estimated_hours="0",
        ends_on=cycle.programme.starts_on.replace(year=cycle.programme.starts_on.year - 1),
    )
    with pytest.raises(ValidationError) as error:
        need_services.need_create(association=cycle.association, data=data, by=cycle.manager)
    assert set(error.value.message_dict) == {
        "title",
        "skills_required",
        "estimated_hours",
        "ends_on",
    }


def test_more_hours_than_credit_is_allowed_with_a_warning(cycle):
    data = need_data(cycle.programme, estimated_hours=Decimal("500"))
    need = need_services.need_create(association=cycle.association, data=data, by=cycle.manager)
    warning = need_services.need_credit_warning(need)
    assert warning == {"requested": Decimal("500.00"), "remaining": Decimal("40.00")}
    assert need_services.need_credit_warning(cycle.need) is None


def test_every_template_makes_a_valid_need(cycle):
    assert len(need_templates()) >= 15
    for code in need_templates():
        initial = need_services.need_initial_from_template(code)
        assert initial["skills_required"], code
        data = need_data(cycle.programme, **initial)
        need = need_services.need_create(association=cycle.association, data=data, by=cycle.manager)
        assert need.template_code == code


def test_only_a_draft_can_be_edited_or_published(cycle):
    with pytest.raises(ValidationError, match=str(need_services.NEED_NOT_DRAFT)):
        need_services.need_update(
            need=cycle.need, data=need_data(cycle.programme), by=cycle.manager
        )
    with pytest.raises(ValidationError):
        need_services.need_publish(need=cycle.need, by=cycle.manager)


def test_complete_releases_reservations_and_completes_participations(cycle):
    from metis.ledger.selectors import credit_balance, remaining_pledge

    active = cycle.participation("active", hours="10")
    applied = cycle.participation("applied", volunteer=_other_volunteer(cycle))
    assert credit_balance(cycle.programme, cycle.association) == Decimal("30")
    need_services.need_complete(need=cycle.need, by=cycle.manager)
    active.refresh_from_db()
    applied.refresh_from_db()
    assert active.status == ParticipationStatus.COMPLETED
    assert applied.status == ParticipationStatus.CANCELLED
    assert credit_balance(cycle.programme, cycle.association) == Decimal("40")
    assert remaining_pledge(cycle.programme, cycle.company) == Decimal("100")
    assert Need.objects.get(pk=cycle.need.pk).status == NeedStatus.COMPLETED


def test_cancel_refused_while_hours_are_reserved(cycle):
    cycle.participation("active")
    with pytest.raises(ValidationError, match=str(need_services.NEED_HAS_RESERVATIONS)):
        need_services.need_cancel(need=cycle.need, by=cycle.manager)


def test_moderation_takes_the_need_back_to_draft_with_a_note(cycle):
    applied = cycle.participation("applied")
    operator = UserFactory()
    with pytest.raises(ValidationError):
        need_services.need_moderate(need=cycle.need, by=operator, note="")
    need = need_services.need_moderate(need=cycle.need, by=operator, note="Propos commercial")
    assert need.status == NeedStatus.DRAFT
    assert need.moderation_note == "Propos commercial"
    applied.refresh_from_db()
    assert applied.status == ParticipationStatus.CANCELLED
    assert not Need.objects.visible_in_catalogue().exists()


def test_expired_is_derived(cycle):
    Need.objects.filter(pk=cycle.need.pk).update(ends_on=cycle.programme.starts_on)
    assert Need.objects.expired().count() == 1
    assert not Need.objects.visible_in_catalogue().exists()


def test_programmes_for_association_lists_open_voted_only(cycle):
    open_programme()  # no subsidy there
    assert list(need_services.programmes_for_association(cycle.association)) == [cycle.programme]


def _other_volunteer(cycle):
    from .factories import volunteer

    return volunteer(cycle.company)
