"""The demo's outcome forms (docs/evaluation.md): most completed missions of the territory's
programmes are told by both sides, at the date they completed, so that the dashboards, the
public impact page and the evaluation report (with its comparison to the past year) have
outcomes and consented quotes to show."""

import random

from django.db import transaction

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation

from . import services
from .enums import Respondent

RESULTS = [
    "Les comptes de l'exercice sont remis en ordre et présentés à l'assemblée générale.",
    "Le site de l'association est refait : les inscriptions se font en ligne.",
    "Un plan de communication pour la rentrée, avec des visuels prêts à l'emploi.",
    "Les bénévoles sont formés à l'outil de suivi des bénéficiaires.",
    "Un dossier de demande de financement complet, déposé à temps.",
]
LEARNT = [
    "Le fonctionnement d'une association de l'intérieur.",
    "Travailler avec des bénévoles aux profils très différents.",
    "Structurer un besoin pour qu'un professionnel puisse aider vite.",
    "",
]
ASSOCIATION_QUOTES = [
    "En quelques séances, nous avons gagné des mois de travail.",
    "Une compétence que nous n'aurions jamais pu payer, et une relation qui dure.",
    "Le crédit d'heures a vraiment compensé la baisse de notre subvention.",
]
VOLUNTEER_QUOTES = [
    "J'ai mis mon métier au service de ma ville : je recommence l'an prochain.",
    "Une mission courte, utile, et des rencontres que je n'aurais pas faites au bureau.",
    "J'ai appris autant que j'ai donné.",
]


@transaction.atomic
def load_outcomes_demo(*, programmes, seed: int = 11) -> int:
    """Both forms for about four completed missions out of five; returns how many forms."""
    rng = random.Random(seed)
    participations = (
        Participation.objects.filter(
            need__programme__in=programmes, status=ParticipationStatus.COMPLETED
        )
        .exclude(outcomes__isnull=False)
        .select_related("need", "volunteer")
        .order_by("pk")
    )
    managers = {
        m.association_id: m.user
        for m in Membership.objects.current()
        .filter(role=Role.ASSOCIATION_MANAGER)
        .select_related("user")
        .order_by("started_at")
    }
    count = 0
    for participation in participations:
        if rng.random() > 0.8:
            continue
        manager = managers.get(participation.need.association_id)
        sides = [(Respondent.VOLUNTEER, participation.volunteer, VOLUNTEER_QUOTES)]
        if manager is not None:
            sides.append((Respondent.ASSOCIATION, manager, ASSOCIATION_QUOTES))
        for respondent, author, quotes in sides:
            consent = rng.random() < 0.4
            services.outcome_submit(
                participation=participation,
                respondent=respondent,
                data={
                    "results": rng.choice(RESULTS),
                    "people_reached": rng.choice([0, 12, 25, 40, 60, 120])
                    if respondent == Respondent.ASSOCIATION
                    else 0,
                    "learnt": rng.choice(LEARNT),
                    "satisfaction": rng.choice([3, 4, 4, 5, 5]),
                    "quote": rng.choice(quotes) if consent else "",
                    "quote_consent": consent,
                },
                by=author,
                now=participation.ended_at,
            )
            count += 1
    return count
