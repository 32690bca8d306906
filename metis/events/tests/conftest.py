import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.organisations.tests.factories import AssociationFactory, TerritoryFactory


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.sceaux = TerritoryFactory()
    w.association = AssociationFactory()
    w.officer = member(Role.TERRITORY_OFFICER, w.sceaux)
    w.manager = member(Role.ASSOCIATION_MANAGER, w.association)
    w.other_manager = member(Role.ASSOCIATION_MANAGER, AssociationFactory())
    w.person = UserFactory(first_name="Alice", last_name="Martin")
    w.other_person = UserFactory(first_name="Bruno", last_name="Petit")
    return w
