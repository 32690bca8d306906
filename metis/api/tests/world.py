"""A small public world for the API's tests, built through the factories and services: a
territory with an open programme (a signed pledge, a voted credit), a published need and a
draft one, an upcoming event and a draft one, a partner with an offer."""

from dataclasses import dataclass

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.ecosystem.services.partners import offer_save
from metis.ecosystem.tests.factories import make_partner
from metis.events.services.events import event_create
from metis.events.tests.factories import event_data, published_event
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import (
    need_data,
    open_programme,
    signed_pledge,
    voted_subsidy,
)
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory


@dataclass
class World:
    territory: object
    programme: object
    association: object
    manager: object
    need: object
    draft_need: object
    event: object
    draft_event: object
    partner: object


def publish_need(programme, association, manager, **overrides):
    need = need_services.need_create(
        association=association, data=need_data(programme, **overrides), by=manager
    )
    return need_services.need_publish(need=need, by=manager)


def build_world() -> World:
    programme = open_programme()
    territory = programme.territory
    association = AssociationFactory()
    manager = member(Role.ASSOCIATION_MANAGER, association)
    signed_pledge(programme, CompanyFactory())
    voted_subsidy(programme, association)
    need = publish_need(programme, association, manager)
    draft_need = need_services.need_create(
        association=association, data=need_data(programme, title="Brouillon"), by=manager
    )
    officer = member(Role.TERRITORY_OFFICER, territory)
    event = published_event(organiser=territory, by=officer)
    draft_event = event_create(organiser=territory, data=event_data(title="Brouillon"), by=officer)
    partner = make_partner(territory, officer, contact_name="Paul Durand")
    offer_save(
        partner=partner,
        data={"kind": "premises", "description": "Bureaux partagés", "is_active": True},
        by=officer,
    )
    return World(
        territory=territory,
        programme=programme,
        association=association,
        manager=manager,
        need=need,
        draft_need=draft_need,
        event=event,
        draft_event=draft_event,
        partner=partner,
    )
