"""The demo's events (docs/events.md), as the seeds tell Sceaux Valley: the commune's Forum of
the social and solidarity economy, workshops, a hackathon, a conference and an exhibition at
the co-working third place Sceaux Smart, a training given online by an association; people
registered with their account or as visitors, a full workshop with its waiting list, a past
coaching session whose attendance is marked, a draft. Every step goes through the services;
the past session at its own dates passed as `now`."""

import datetime

from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.organisations.models import Commune

from .services.events import event_create, event_publish
from .services.registrations import (
    attendance_record,
    registration_cancel,
    registration_confirm,
    registration_for_user,
    registration_request,
)

THIRD_PLACE = "Sceaux Smart, espace de co-working, 21 rue Houdan"
VISITORS = [
    ("Claire Fontaine", "claire.fontaine@exemple.fr"),
    ("Yanis Benali", "yanis.benali@exemple.fr"),
    ("Sophie Leroy", "sophie.leroy@exemple.fr"),
]


def _day(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _event(
    organiser, by, *, days, hours, kind, title, description, publish=True, now=None, **place
):
    start = _day(days, *hours[0])
    data = {
        "kind": kind,
        "title": title,
        "description": description,
        "starts_at": start,
        "ends_at": _day(days, *hours[1]),
        "address": "",
        "commune": None,
        "online_url": "",
        "capacity": None,
        **place,
    }
    event = event_create(organiser=organiser, data=data, by=by)
    return event_publish(event=event, by=by, now=now) if publish else event


def _visitors(event, people, now=None):
    for name, email in people:
        registration = registration_request(event=event, name=name, email=email, now=now)
        registration_confirm(registration=registration, now=now)


def load_events_demo(base: dict) -> dict:
    territory = base["territory"]
    officer = base["users"][Role.TERRITORY_OFFICER]
    manager = base["users"][Role.ASSOCIATION_MANAGER]
    association = manager.memberships.get(role=Role.ASSOCIATION_MANAGER).association
    sceaux = Commune.objects.get(pk=territory.commune_id)
    smart = {"address": THIRD_PLACE, "commune": sceaux}
    employees = list(User.objects.filter(memberships__role=Role.EMPLOYEE).order_by("pk")[:12])

    forum = _event(
        territory,
        officer,
        days=24,
        hours=((10, 0), (17, 0)),
        kind="forum",
        title="Forum de l'économie sociale et solidaire",
        description=(
            "Associations, porteurs de projet, entreprises et partenaires de Sceaux Valley se "
            "retrouvent : stands, rencontres avec les réseaux d'accompagnement et de "
            "financement, témoignages d'entrepreneurs sociaux."
        ),
        address="Jardin de la Ménagerie, 70 rue Houdan",
        commune=sceaux,
        capacity=200,
    )
    for person in employees[:6]:
        registration_for_user(event=forum, user=person)
    _visitors(forum, VISITORS[:2])

    workshop = _event(
        territory,
        officer,
        days=10,
        hours=((18, 30), (20, 30)),
        kind="workshop",
        title="Atelier : financer son projet par le financement participatif",
        description=(
            "Préparer une campagne de don ou de prêt participatif avec une plateforme "
            "partenaire : budget, contreparties, communication. Apportez votre projet."
        ),
        capacity=4,
        **smart,
    )
    for person in employees[6:11]:
        registration_for_user(event=workshop, user=person)  # four places, one waiting
    _visitors(workshop, VISITORS[2:])  # waiting too

    _event(
        territory,
        officer,
        days=38,
        hours=((9, 0), (18, 0)),
        kind="hackathon",
        title="Hackathon citoyen : les services de demain à Sceaux",
        description="Une journée pour imaginer, en équipes, des services utiles aux habitants.",
        capacity=40,
        **smart,
    )
    _event(
        territory,
        officer,
        days=17,
        hours=((19, 0), (20, 30)),
        kind="conference",
        title="Conférence : l'entrepreneuriat social, de l'idée au projet",
        description="Les étapes, les réseaux qui accompagnent et les financements possibles.",
        online_url="https://visio.sceaux.example/conference-ess",
        capacity=80,
        **smart,
    )
    _event(
        territory,
        officer,
        days=3,
        hours=((10, 0), (19, 0)),
        kind="exhibition",
        title="Exposition : les projets de Sceaux Valley",
        description="Les projets accompagnés par la Ville et ses partenaires, en images.",
        **smart,
    )
    training = _event(
        association,
        manager,
        days=14,
        hours=((14, 0), (16, 0)),
        kind="training",
        title="Formation : accueillir et accompagner des bénévoles",
        description="Une formation en ligne pour les responsables d'associations.",
        online_url="https://visio.sceaux.example/formation-benevoles",
        capacity=25,
    )
    registration_for_user(event=training, user=employees[11])

    # A coaching session held two weeks ago: registered then, attendance marked after it.
    before = _day(-20, 9)
    coaching = _event(
        territory,
        officer,
        days=-14,
        hours=((18, 0), (20, 0)),
        kind="coaching",
        title="Coaching : structurer son projet d'entreprise sociale",
        description="Un temps d'échange avec des coachs de la couveuse partenaire.",
        capacity=10,
        now=before,
        **smart,
    )
    came = [registration_for_user(event=coaching, user=p, now=before) for p in employees[:4]]
    registration_cancel(registration=came.pop(), now=before)
    attendance_record(
        event=coaching, present={came[0].pk, came[1].pk}, by=officer, now=_day(-14, 20, 30)
    )

    _event(
        territory,
        officer,
        days=45,
        hours=((18, 0), (20, 0)),
        kind="workshop",
        title="Living lab : les mobilités douces à Sceaux",
        description="Tester avec les habitants des idées de mobilité douce.",
        publish=False,
        **smart,
    )
    return {"forum": forum, "workshop": workshop, "coaching": coaching}
