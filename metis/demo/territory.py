"""The demo territory: a fictional pilot shaped like the source documents' (one commune of the
Hauts-de-Seine, ~40 companies, ~15 associations, ~300 employee volunteers).

Everything is created through bulk inserts with one password hash computed once, so it loads in
seconds; the programme, needs and hours are added by each app's own demo function
(`metis.demo.loader`)."""

import datetime
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from stdnum import luhn

from metis.accounts.enums import Format, Role, Weekday
from metis.accounts.models import Membership, User, VolunteerProfile
from metis.accounts.services import grant_admin_access
from metis.organisations.enums import EligibilityEvidence, FieldOfAction, LegalForm
from metis.organisations.enums import OrganisationStatus as Status
from metis.organisations.models import (
    Association,
    Commune,
    Company,
    CompanyFiscalYear,
    Operator,
    Territory,
)
from metis.skills.models import Skill

DEMO_PASSWORD = "metis-demo-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_DOMAIN = "demo.metis.example"
TERRITORY_COMMUNE = "92071"  # Sceaux
NEARBY_COMMUNES = ["92071", "92071", "92071", "92019", "92002", "92046", "92060", "92023", "92014"]

DEMO_LOGINS = [
    (Role.OPERATOR_STAFF, f"operateur@{DEMO_DOMAIN}"),
    (Role.TERRITORY_OFFICER, f"mairie@{DEMO_DOMAIN}"),
    (Role.COMPANY_REFERENT, f"rse@{DEMO_DOMAIN}"),
    (Role.EMPLOYEE, f"salarie@{DEMO_DOMAIN}"),
    (Role.ASSOCIATION_MANAGER, f"association@{DEMO_DOMAIN}"),
]

COMPANY_NAMES = [
    "Boulangerie des Blagis",
    "Cabinet Lakanal Conseil",
    "Sceaux Numérique",
    "Imprimerie du Parc",
    "Atelier Marne & Bois",
    "Pharmacie de la Gare",
    "Optique Houdan",
    "Agence Colbert Immobilier",
    "Expertise Comptable Voltaire",
    "Avocats Associés du Lycée",
    "Studio Graphique Penthièvre",
    "Ingénierie Robinson",
    "Clinique Vétérinaire des Musiciens",
    "Transports Bourg-la-Reine",
    "Librairie du Centre",
    "Assurances Marianne",
    "BioLab Paris-Sud",
    "Jardins et Paysages 92",
    "Crèches Les Petits Pas",
    "Hôtel du Parc",
    "Restaurant Le Trévise",
    "Garage des Quatre Chemins",
    "Sceaux Valley Ventures",
    "Data Houdan",
    "CyberSûr Conseil",
    "Formation Plus Antony",
    "Architectes de la Coulée Verte",
    "Électricité Générale Fontenay",
    "Plomberie Châtenay",
    "Banque Coopérative du Sud",
    "Traiteur Saint-Mandé",
    "Mutuelle Francilienne",
    "Start-up Campus Sceaux",
    "Communication & Territoires",
    "Ressources Humaines Conseil",
    "Logistique Verte",
    "Cabinet Médical Florian",
    "Atelier Vélo Sceaux",
    "Maison du Café",
    "Énergies Nouvelles 92",
]

ASSOCIATIONS = [
    (
        "Les Restos du Cœur — antenne de Sceaux",
        FieldOfAction.HUMANITARIAN,
        True,
        "Aide alimentaire et accompagnement des personnes en difficulté",
    ),
    (
        "Soutien scolaire des Blagis",
        FieldOfAction.EDUCATIONAL,
        False,
        "Aide aux devoirs et accompagnement scolaire des enfants du quartier",
    ),
    (
        "Compagnie théâtrale Lakanal",
        FieldOfAction.CULTURAL,
        False,
        "Création et diffusion de spectacles vivants",
    ),
    ("Sceaux Sport Santé", FieldOfAction.SPORTING, False, "Activité physique adaptée pour tous"),
    (
        "Amis du Parc de Sceaux",
        FieldOfAction.HERITAGE,
        False,
        "Valorisation du patrimoine du domaine de Sceaux",
    ),
    ("Entraide Seniors Sceaux", FieldOfAction.SOCIAL, False, "Lutte contre l'isolement des aînés"),
    (
        "Épicerie solidaire du Petit Chambord",
        FieldOfAction.HUMANITARIAN,
        True,
        "Épicerie solidaire pour les familles à faibles revenus",
    ),
    ("Chœur des Musiciens", FieldOfAction.CULTURAL, False, "Chant choral et concerts gratuits"),
    (
        "Sceaux Environnement",
        FieldOfAction.ENVIRONMENT,
        False,
        "Protection de la biodiversité et sensibilisation au développement durable",
    ),
    (
        "Alphabétisation et Français pour Tous",
        FieldOfAction.FRENCH_LANGUAGE,
        False,
        "Cours de français pour adultes allophones",
    ),
    ("Familles et Parentalité 92", FieldOfAction.FAMILY, False, "Accompagnement des parents"),
    (
        "Club Informatique Solidaire",
        FieldOfAction.EDUCATIONAL,
        False,
        "Inclusion numérique des habitants",
    ),
    (
        "Secours Populaire — comité de Sceaux",
        FieldOfAction.HUMANITARIAN,
        True,
        "Solidarité, aide matérielle et accès aux droits",
    ),
    (
        "Jeunes Chercheurs de Sceaux",
        FieldOfAction.SCIENTIFIC,
        False,
        "Diffusion de la culture scientifique auprès des jeunes",
    ),
    (
        "Maison des Associations de Sceaux",
        FieldOfAction.PHILANTHROPIC,
        False,
        "Appui à la vie associative locale",
    ),
]

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Julie",
    "Emma",
    "Lucie",
    "Anaïs",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Hugo",
    "Antoine",
    "Karim",
    "Lucas",
    "Mehdi",
    "Paul",
    "Sophie",
    "Nadia",
    "Yann",
    "Élodie",
    "Pierre",
    "Aïcha",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Nguyen",
    "Benali",
]
JOB_TITLES = [
    "Comptable",
    "Contrôleuse de gestion",
    "Juriste",
    "Chargé de communication",
    "Développeuse",
    "Chef de projet",
    "Responsable RH",
    "Graphiste",
    "Consultant",
    "Formatrice",
    "Commercial",
    "Acheteuse",
    "Ingénieur",
    "Assistante de direction",
    "Responsable marketing",
    "Technicien",
    "Data analyst",
    "Chargée de mécénat",
]


def _siren(n):
    base = f"{40000000 + n * 7919:08d}"
    return base + luhn.calc_check_digit(base)


def demo_exists() -> bool:
    return User.objects.filter(email=f"operateur@{DEMO_DOMAIN}").exists()


@transaction.atomic
def load_demo(seed: int = 2016) -> dict:
    rng = random.Random(seed)
    password = make_password(DEMO_PASSWORD)
    communes = {c.pk: c for c in Commune.objects.filter(pk__in=set(NEARBY_COMMUNES))}
    operator = Operator.objects.create(name="METIS Opérateur national", status=Status.ACTIVE)
    territory = Territory.objects.create(
        name="Ville de Sceaux",
        status=Status.ACTIVE,
        commune=communes[TERRITORY_COMMUNE],
        operator=operator,
    )
    companies = Company.objects.bulk_create(
        [
            Company(
                name=name,
                siren=_siren(i),
                status=Status.ACTIVE,
                legal_form=rng.choice(
                    [LegalForm.SAS, LegalForm.SARL, LegalForm.SA, LegalForm.SASU]
                ),
                address=f"{rng.randint(1, 120)} rue Houdan",
                commune=communes[rng.choice(NEARBY_COMMUNES)],
                headcount=rng.choice([8, 15, 30, 60, 120, 250, 600]),
                fiscal_year_end=datetime.date(2026, 12, 31),
                agrees_to_be_named=rng.random() < 0.7,
            )
            for i, name in enumerate(COMPANY_NAMES)
        ]
    )
    CompanyFiscalYear.objects.bulk_create(
        [
            CompanyFiscalYear(
                company=c,
                end_date=datetime.date(year, 12, 31),
                turnover_excl_tax=Decimal(c.headcount * rng.randint(80, 160) * 1000),
                corporate_tax_due=Decimal(c.headcount * rng.randint(1, 6) * 1000),
            )
            for c in companies
            for year in (2024, 2025)
        ]
    )
    associations = Association.objects.bulk_create(
        [
            Association(
                name=name,
                rna=f"W9220{i:05d}",
                status=Status.ACTIVE,
                address=f"{rng.randint(1, 60)} avenue de la Gare",
                commune=communes[TERRITORY_COMMUNE],
                statutory_object=purpose,
                field_of_action=field,
                legal_representative=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                declared_on=datetime.date(rng.randint(1975, 2018), rng.randint(1, 12), 1),
                is_general_interest=True,
                may_issue_tax_receipts=True,
                eligibility_evidence=rng.choice(
                    [EligibilityEvidence.STATEMENT, EligibilityEvidence.RESCRIT]
                ),
                is_coluche_body=coluche,
            )
            for i, (name, field, coluche, purpose) in enumerate(ASSOCIATIONS, start=1)
        ]
    )

    users, memberships = [], []

    def person(email, first, last):
        # Demo people read their notices in the app (daily digest), so loading sends no e-mail.
        user = User(
            email=email, first_name=first, last_name=last, password=password, email_digest=True
        )
        users.append(user)
        return user

    named = {role: person(email, *_name(rng)) for role, email in DEMO_LOGINS}
    User.objects.bulk_create(users)
    memberships += [
        Membership(user=named[Role.OPERATOR_STAFF], role=Role.OPERATOR_STAFF, operator=operator),
        Membership(
            user=named[Role.TERRITORY_OFFICER], role=Role.TERRITORY_OFFICER, territory=territory
        ),
        Membership(
            user=named[Role.COMPANY_REFERENT], role=Role.COMPANY_REFERENT, company=companies[2]
        ),
        Membership(user=named[Role.EMPLOYEE], role=Role.EMPLOYEE, company=companies[2]),
        Membership(
            user=named[Role.ASSOCIATION_MANAGER],
            role=Role.ASSOCIATION_MANAGER,
            association=associations[1],
        ),
    ]
    # One referent per other company, one manager per other association.
    staff = []
    for i, company in enumerate(companies):
        if i != 2:
            staff.append(
                (
                    person(f"rse{i}@{DEMO_DOMAIN}", *_name(rng)),
                    Role.COMPANY_REFERENT,
                    {"company": company},
                )
            )
    for i, association in enumerate(associations):
        if i != 1:
            staff.append(
                (
                    person(f"association{i}@{DEMO_DOMAIN}", *_name(rng)),
                    Role.ASSOCIATION_MANAGER,
                    {"association": association},
                )
            )
    employees = []
    for i in range(299):
        company = companies[i % len(companies)]
        employees.append((person(f"salarie{i}@{DEMO_DOMAIN}", *_name(rng)), company))
    User.objects.bulk_create(users[len(named) :])
    memberships += [Membership(user=u, role=r, **org) for u, r, org in staff]
    memberships += [Membership(user=u, role=Role.EMPLOYEE, company=c) for u, c in employees]
    Membership.objects.bulk_create(memberships)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users]
    )
    TOTP.activate(named[Role.OPERATOR_STAFF], DEMO_TOTP_SECRET)
    grant_admin_access(named[Role.OPERATOR_STAFF])

    _volunteer_profiles(rng, [named[Role.EMPLOYEE]] + [u for u, _c in employees], communes)
    return {
        "operator": operator,
        "territory": territory,
        "companies": companies,
        "associations": associations,
        "users": named,
    }


def _name(rng):
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _volunteer_profiles(rng, volunteers, communes):
    professional = list(Skill.objects.professional().filter(parent__isnull=False))
    personal = list(Skill.objects.personal())
    profiles = VolunteerProfile.objects.bulk_create(
        [
            VolunteerProfile(
                user=user,
                job_title=rng.choice(JOB_TITLES),
                hours_per_month=Decimal(rng.choice([2, 4, 6, 8, 10, 12, 16])),
                weekdays=rng.sample([d.value for d in Weekday][:5], k=rng.randint(1, 3)),
                formats=rng.choice(
                    [
                        [Format.REMOTE.value],
                        [Format.ON_SITE.value],
                        [Format.REMOTE.value, Format.ON_SITE.value],
                    ]
                ),
                commune=communes[rng.choice(NEARBY_COMMUNES)],
                languages=rng.choice(
                    [
                        "français",
                        "français, anglais",
                        "français, espagnol",
                        "français, anglais, arabe",
                    ]
                ),
                consents_to_suggestions=rng.random() < 0.8,
            )
            for user in volunteers
        ]
    )
    through = VolunteerProfile.skills.through
    links = []
    for profile in profiles:
        chosen = rng.sample(professional, k=rng.randint(1, 4)) + rng.sample(
            personal, k=rng.randint(0, 2)
        )
        links += [through(volunteerprofile_id=profile.pk, skill_id=s.pk) for s in chosen]
    through.objects.bulk_create(links)
