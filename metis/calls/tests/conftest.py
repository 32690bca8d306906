import datetime

import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.calls import services
from metis.organisations.tests.factories import (
    AssociationFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import ProgrammeFactory

CALL_DATA = {
    "title": "Panel pilote 2026",
    "description": "Associations à forte vocation sociétale de Sceaux.",
    "criteria": "Utilité sociale\nBesoins réalistes",
    "questions": "Combien de bénévoles encadrez-vous ?",
    "opens_on": datetime.date(2026, 1, 1),
    "closes_on": datetime.date(2026, 2, 28),
}


@pytest.fixture
def territory(db):
    return TerritoryFactory()


@pytest.fixture
def programme(territory):
    return ProgrammeFactory(territory=territory, name="Sceaux 2026")


@pytest.fixture
def officer(territory):
    return member(Role.TERRITORY_OFFICER, territory)


@pytest.fixture
def committee_member(territory):
    return member(Role.TERRITORY_OFFICER, territory)


@pytest.fixture
def operator_staff(territory):
    return operator_staff_with_totp(territory.operator)


@pytest.fixture
def association(db):
    return AssociationFactory(name="Les Amis de Sceaux")


@pytest.fixture
def other_association(db):
    return AssociationFactory(name="Sceaux Solidarité")


@pytest.fixture
def manager(association):
    return member(Role.ASSOCIATION_MANAGER, association)


@pytest.fixture
def other_manager(other_association):
    return member(Role.ASSOCIATION_MANAGER, other_association)


@pytest.fixture
def other_officer(db):
    return member(Role.TERRITORY_OFFICER, TerritoryFactory(commune=commune("92002")))


@pytest.fixture
def make_call(programme, officer):
    def make(committee=(), **changes):
        return services.call_create(
            programme=programme,
            data={**CALL_DATA, **changes},
            committee=committee,
            by=officer,
        )

    return make


def apply(call, association, by, hours="120", cash="8000", now=None):
    return services.application_submit(
        call=call,
        association=association,
        data={
            "social_purpose": "Aide aux devoirs",
            "foreseen_needs": "Comptabilité, site web",
            "hours_wished": hours,
            "cash_previous_period": cash,
            "answers": ["Douze"] * len(call.questions),
        },
        by=by,
        now=now,
    )
