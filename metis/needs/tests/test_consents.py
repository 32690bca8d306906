"""Each consent from its own party (issue 13 item 5, Code du travail L8241-2): an application
is accepted only by the association's managers, an invitation only by the invited employee —
in the service and through the views, for every role; a refusal writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.needs.services import participations as participation_services
from metis.organisations.tests.factories import AssociationFactory

from ..enums import ParticipationStatus
from ..models import Participation
from .factories import volunteer


def _others(cycle):
    return {
        "employee": cycle.employee,
        "referent": cycle.referent,
        "manager": cycle.manager,
        "other_manager": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
        "colleague": volunteer(cycle.company),
        "outsider": UserFactory(),
    }


def _invitation(cycle):
    return participation_services.participation_invite(
        need=cycle.need, volunteer=cycle.employee, by=cycle.manager
    )


@pytest.mark.parametrize("role", ["employee", "referent", "other_manager", "colleague", "outsider"])
def test_an_application_is_accepted_only_by_the_association(cycle, role):
    p = cycle.participation("applied")
    with pytest.raises(ValidationError) as error:
        participation_services.participation_accept(participation=p, by=_others(cycle)[role])
    assert error.value.code == "not_the_association"
    p = Participation.objects.get(pk=p.pk)
    assert p.status == ParticipationStatus.APPLIED and p.history.count() == 1
    p = participation_services.participation_accept(participation=p, by=cycle.manager)
    assert p.status == ParticipationStatus.ACCEPTED


@pytest.mark.parametrize("role", ["manager", "referent", "other_manager", "colleague", "outsider"])
def test_an_invitation_is_accepted_only_by_the_invited_employee(cycle, role):
    p = _invitation(cycle)
    with pytest.raises(ValidationError) as error:
        participation_services.participation_accept(participation=p, by=_others(cycle)[role])
    assert error.value.code == "not_the_employee"
    p = Participation.objects.get(pk=p.pk)
    assert p.status == ParticipationStatus.INVITED and p.history.count() == 1
    p = participation_services.participation_accept(participation=p, by=cycle.employee)
    assert p.status == ParticipationStatus.ACCEPTED


@pytest.mark.parametrize(
    "role", ["employee", "referent", "manager", "other_manager", "colleague", "outsider"]
)
def test_views_never_accept_for_another_party(client, cycle, role):
    """The association's decision page cannot accept an invitation, the volunteer's answer
    page cannot accept an application; every other role is refused (403)."""
    users = _others(cycle)
    application = cycle.participation("applied")
    other_need_volunteer = volunteer(cycle.company)
    invitation = participation_services.participation_invite(
        need=cycle.need, volunteer=other_need_volunteer, by=cycle.manager
    )
    client.force_login(users[role])
    client.post(reverse("needs:invitation_answer", args=[application.pk]), {"decision": "accepter"})
    client.post(reverse("needs:application_decide", args=[invitation.pk]), {"decision": "accepter"})
    assert Participation.objects.get(pk=application.pk).status == ParticipationStatus.APPLIED
    assert Participation.objects.get(pk=invitation.pk).status == ParticipationStatus.INVITED


def test_views_accept_for_the_right_party(client, cycle):
    application = cycle.participation("applied")
    other = volunteer(cycle.company)
    invitation = participation_services.participation_invite(
        need=cycle.need, volunteer=other, by=cycle.manager
    )
    client.force_login(cycle.manager)
    client.post(
        reverse("needs:application_decide", args=[application.pk]), {"decision": "accepter"}
    )
    client.force_login(other)
    client.post(reverse("needs:invitation_answer", args=[invitation.pk]), {"decision": "accepter"})
    assert Participation.objects.get(pk=application.pk).status == ParticipationStatus.ACCEPTED
    assert Participation.objects.get(pk=invitation.pk).status == ParticipationStatus.ACCEPTED
