"""The demo's call for applications (docs/programme-calls.md): after the pilot panel, the
territory opens "Second cercle 2026" on its current programme to widen it; four associations
of the second circle apply, the officer scores them, three are selected (their mixed
subsidies proposed through the programmes' service), one gets its reason. Replayed at its own
dates (each service's `now`)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.accounts.services import membership_create
from metis.organisations.enums import EligibilityEvidence, FieldOfAction, OrganisationStatus
from metis.organisations.models import Association

from . import services
from .models import Call

TITLE = "Second cercle 2026"

SECOND_CIRCLE = [
    # name, field, purpose, hours wished, cash last period, scores, hours credit, cash now
    (
        "Épicerie solidaire de Sceaux",
        FieldOfAction.SOCIAL,
        "Aide alimentaire et accompagnement budgétaire des familles.",
        "80",
        "6000",
        (5, 4, 5),
        "60",
        "4000",
    ),
    (
        "Sceaux Numérique Pour Tous",
        FieldOfAction.EDUCATIONAL,
        "Ateliers d'initiation au numérique pour les seniors.",
        "50",
        "3000",
        (4, 5, 4),
        "40",
        "2000",
    ),
    (
        "Jardins partagés du Parc",
        FieldOfAction.ENVIRONMENT,
        "Jardins partagés et sensibilisation au compostage.",
        "30",
        "2500",
        (3, 4, 3),
        "25",
        "2000",
    ),
    (
        "Club des collectionneurs sceaux-ois",
        FieldOfAction.CULTURAL,
        "Bourse aux collections, réservée aux membres.",
        "40",
        "1500",
        (1, 2, 1),
        "0",
        "0",
    ),
]
REFUSAL = (
    "L'appel vise les associations à forte vocation sociétale ouvertes à tous les habitants : "
    "vos activités sont réservées à vos membres."
)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@transaction.atomic
def load_calls_demo(*, programme, officer, password: str, domain: str) -> Call | None:
    if programme is None:
        return None
    existing = Call.objects.filter(programme=programme, title=TITLE).first()
    if existing is not None:
        return existing
    opens_on, closes_on = datetime.date(2026, 9, 1), datetime.date(2026, 10, 15)
    call = services.call_create(
        programme=programme,
        data={
            "title": TITLE,
            "description": (
                "Après le panel pilote, la Ville de Sceaux élargit la subvention METIS aux "
                "acteurs de l'intérêt général de proximité. Les associations retenues reçoivent "
                "un crédit d'heures de mécénat de compétences, en complément de leur subvention."
            ),
            "criteria": [
                "Vocation sociétale et ouverture à tous les habitants",
                "Besoins en compétences clairs et réalistes",
                "Capacité à accueillir et encadrer des bénévoles",
            ],
            "questions": ["Combien de bénévoles pouvez-vous accueillir en même temps ?"],
            "opens_on": opens_on,
            "closes_on": closes_on,
        },
        by=officer,
        now=_at(opens_on - datetime.timedelta(days=10)),
    )
    services.call_open(call=call, by=officer, now=_at(opens_on))
    applications = []
    for index, (name, field, purpose, hours, cash, *_rest) in enumerate(SECOND_CIRCLE):
        association = Association.objects.create(
            name=name,
            rna=f"W9230{index:05d}",
            status=OrganisationStatus.ACTIVE,
            address=f"{index + 3} rue Houdan",
            commune=programme.territory.commune,
            statutory_object=purpose,
            field_of_action=field,
            legal_representative="Présidence",
            declared_on=datetime.date(2010 + index, 3, 1),
            is_general_interest=True,
            may_issue_tax_receipts=True,
            eligibility_evidence=EligibilityEvidence.STATEMENT,
        )
        manager = User.objects.create(
            email=f"cercle{index}@{domain}",
            first_name="Camille",
            last_name=f"Cercle {index}",
            password=password,
            email_digest=True,
        )
        membership_create(user=manager, role=Role.ASSOCIATION_MANAGER, organisation=association)
        applications.append(
            services.application_submit(
                call=call,
                association=association,
                data={
                    "social_purpose": purpose,
                    "foreseen_needs": "Comptabilité, communication, site web.",
                    "hours_wished": Decimal(hours),
                    "cash_previous_period": Decimal(cash),
                    "answers": [str(2 + index)],
                },
                by=manager,
                now=_at(opens_on + datetime.timedelta(days=7 * (index + 1))),
            )
        )
    services.call_close(call=call, by=officer, now=_at(closes_on + datetime.timedelta(days=1)))
    for application, row in zip(applications, SECOND_CIRCLE, strict=True):
        scores = dict(enumerate(row[5]))
        services.application_score(application=application, scores=scores, by=officer)
    decisions = []
    for application, row in zip(applications, SECOND_CIRCLE, strict=True):
        selected = row[6] != "0"
        decisions.append(
            services.Decision(
                application=application,
                selected=selected,
                hours_credit=Decimal(row[6]),
                cash_current_period=Decimal(row[7]),
                reason="" if selected else REFUSAL,
            )
        )
    return services.call_select(
        call=call, decisions=decisions, by=officer, now=_at(datetime.date(2026, 11, 5))
    )
