"""Sceaux's local ecosystem in the demo ("Sceaux Valley", seeds 001 and 002), built through the
services: partners with their offers, three charters approved in one council deliberation
(its note and draft deliberation rendered, the deliberation attached as the signed one),
signed by the elected member with delegation and each partner, actions under the
commitments, resources, and project holders asking for support (docs/ecosystem.md)."""

import datetime

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.accounts.services import membership_create
from metis.documents.pdf import html_pdf
from metis.organisations.enums import PartnerKind
from metis.organisations.models import Partner

from .enums import CouncilOutcome, HolderStatus, OfferKind, RequestStatus, SignatorySide
from .services import charters, partners, projects
from .texts import council_deliberation

DEMO_DOMAIN = "demo.metis.example"
ELECTED_EMAIL = f"elu@{DEMO_DOMAIN}"
PARTNER_EMAIL = f"partenaire@{DEMO_DOMAIN}"
HOLDER_EMAIL = f"porteur@{DEMO_DOMAIN}"
#: The ecosystem's demo log-ins (printed by load_demo).
ECOSYSTEM_LOGINS = [
    (Role.ELECTED_MEMBER.label, ELECTED_EMAIL),
    (Role.PARTNER_STAFF.label, PARTNER_EMAIL),
    (gettext_lazy("Project holder"), HOLDER_EMAIL),
]

PARTNERS = [
    {
        "name": "KissKissBankBank",
        "kind": PartnerKind.CROWDFUNDING,
        "description": "Plateforme de financement participatif, avec ses filiales HelloMerci "
        "(prêt solidaire) et Lendopolis (prêt aux entreprises).",
        "website": "https://www.kisskissbankbank.com/",
        "offers": [
            (OfferKind.FINANCING, "Collecte de dons, prêts solidaires et prêts aux entreprises."),
            (OfferKind.COACHING, "Accompagnement à la préparation d'une campagne de collecte."),
        ],
        "contributions": "Accompagnement des porteurs de projet scéens dans leurs campagnes de "
        "financement participatif (KissKissBankBank, HelloMerci, Lendopolis).",
        "staff": ("kkbb", "Lucie", "Garnier"),
    },
    {
        "name": "Groupe La Poste",
        "kind": PartnerKind.BANK,
        "description": "Programme « Alliance dynamique » : favoriser le développement des "
        "territoires et des services aux populations.",
        "website": "https://www.groupelaposte.com/",
        "offers": [
            (OfferKind.PREMISES, "Mise à disposition de locaux."),
            (OfferKind.FINANCING, "Produits bancaires adaptés aux acteurs de l'ESS."),
            (OfferKind.COACHING, "Accompagnement des projets professionnels ESS des postiers."),
        ],
        "contributions": "Mise à disposition de locaux, élaboration de produits bancaires "
        "spécialement adaptés aux acteurs de l'ESS, accompagnement des projets professionnels "
        "ESS des postiers.",
        "staff": ("laposte", "Marc", "Lefèvre"),
    },
    {
        "name": "Sceaux Smart",
        "kind": PartnerKind.THIRD_PLACE,
        "description": "Premier espace de (co)working et de télétravail à Sceaux, tiers-lieu "
        "créé par un groupe de citoyens.",
        "website": "",
        "offers": [
            (OfferKind.PREMISES, "Espaces de travail modulaires."),
            (OfferKind.TRAINING, "Formations et coaching."),
            (OfferKind.TOOLS, "Workshops, living labs, hackathons."),
            (OfferKind.COMMUNICATION, "Conférences, expositions, ateliers."),
        ],
        "contributions": "Accueil des porteurs de projet, formations, coaching, workshops, "
        "living labs, hackathons, conférences et expositions.",
        "staff": None,  # the demo partner log-in
    },
    {
        "name": "Hauts-de-Seine Initiative",
        "kind": PartnerKind.SUPPORT_NETWORK,
        "description": "Prêts d'honneur et accompagnement des créateurs d'entreprise.",
        "website": "",
        "offers": [(OfferKind.FINANCING, "Prêts d'honneur sans intérêt.")],
        "contributions": None,
        "staff": None,
    },
]
RESOURCES = [
    ("guide", "Guide de l'entrepreneuriat social", "https://www.avise.org/"),
    ("network", "L'Atelier Île-de-France, centre de ressources de l'ESS", ""),
    ("network", "France Active Île-de-France", "https://www.franceactive.org/"),
]


def _person(email, first_name, last_name, password):
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


@transaction.atomic
def load_ecosystem_demo(base: dict, *, password: str) -> dict:
    """`base`: the demo's territory and its officer (`base["users"][Role.TERRITORY_OFFICER]`).
    Returns the council session (nothing is added when the partners are already there)."""
    if Partner.objects.filter(name=PARTNERS[0]["name"]).exists():
        return {}
    territory = base["territory"]
    officer = base["users"][Role.TERRITORY_OFFICER]
    today = timezone.localdate()
    elected = _person(ELECTED_EMAIL, "Othmane", "Khaoua", password)
    membership_create(user=elected, role=Role.ELECTED_MEMBER, organisation=territory)
    drafts, staff = [], {}
    for spec in PARTNERS:
        partner = partners.partner_register(territory=territory, data=spec, by=officer)
        for kind, description in spec["offers"]:
            partners.offer_save(
                partner=partner, data={"kind": kind, "description": description}, by=officer
            )
        if spec["staff"]:
            slug, first, last = spec["staff"]
            person = _person(f"{slug}@{DEMO_DOMAIN}", first, last, password)
        else:
            person = (
                _person(PARTNER_EMAIL, "Sophie", "Marin", password)
                if spec["name"] == "Sceaux Smart"
                else None
            )
        if person:
            membership_create(user=person, role=Role.PARTNER_STAFF, organisation=partner)
            staff[partner.pk] = person
        if spec["contributions"]:
            drafts.append(
                charters.charter_draft(
                    territory=territory,
                    partner=partner,
                    data={
                        "title": f"Charte de partenariat ESS — {partner.name}",
                        "contributions": spec["contributions"],
                        "starts_on": today - datetime.timedelta(days=90),
                        "ends_on": today + datetime.timedelta(days=3 * 365 - 90),
                    },
                    by=officer,
                )
            )
    session = charters.council_session_prepare(
        territory=territory,
        charters=drafts,
        session_date=today - datetime.timedelta(days=120),
        rapporteur="Othmane Khaoua",
        context=(
            "La démarche participative citoyenne « Parlons ensemble de Sceaux » a mis en lumière "
            "une volonté forte des habitants d'apprendre à se connaître pour engager "
            "collectivement des projets de territoire. La Ville souhaite développer l'économie "
            "sociale et solidaire et l'innovation citoyenne, en accompagnant les porteurs de "
            "projet à impact social et en s'appuyant sur des organismes de soutien, afin de "
            "construire un écosystème de référence : Sceaux Valley."
        ),
        by=officer,
    )
    # The deliberation as voted: the draft rendered by METIS stands for the signed scan.
    signed = SimpleUploadedFile(
        "deliberation-2015-05-21.pdf",
        html_pdf(council_deliberation(session)),
        content_type="application/pdf",
    )
    charters.council_decision_record(
        session=session,
        outcome=CouncilOutcome.APPROVED,
        deliberation_number="2015-05-21-14",
        signed_file=signed,
        by=officer,
    )
    for charter in drafts:
        charters.charter_sign(charter=charter, side=SignatorySide.COMMUNE, by=elected)
        charters.charter_sign(
            charter=charter, side=SignatorySide.PARTNER, by=staff[charter.partner_id]
        )
    _follow_up(drafts, staff, officer, today)
    for kind, title, url in RESOURCES:
        partners.resource_save(
            territory=territory, data={"kind": kind, "title": title, "url": url}, by=officer
        )
    _projects(territory, drafts, staff, password)
    return {"session": session, "charters": drafts}


def _follow_up(drafts, staff, officer, today):
    smart = next(c for c in drafts if c.partner.name == "Sceaux Smart")
    poste = next(c for c in drafts if c.partner.name == "Groupe La Poste")
    actions = [
        (
            smart,
            staff[smart.partner_id],
            1,
            30,
            "Forum de l'économie sociale et solidaire",
            "Habitants, associations, porteurs de projet",
            120,
        ),
        (
            smart,
            staff[smart.partner_id],
            2,
            20,
            "Atelier « monter son projet à impact »",
            "Porteurs de projet",
            14,
        ),
        (
            smart,
            staff[smart.partner_id],
            0,
            10,
            "Hackathon « bien vivre ensemble »",
            "Étudiants de l'IUT, habitants",
            35,
        ),
        (
            poste,
            staff[poste.partner_id],
            0,
            15,
            "Locaux prêtés à deux associations",
            "Associations scéennes",
            2,
        ),
        (poste, officer, 5, 5, "Article dans le magazine municipal", "Habitants", 0),
    ]
    for charter, by, commitment, days_ago, description, beneficiaries, reached in actions:
        charters.action_log(
            charter=charter,
            data={
                "commitment": commitment,
                "done_on": max(charter.starts_on, today - datetime.timedelta(days=days_ago)),
                "description": description,
                "beneficiaries": beneficiaries,
                "people_reached": reached,
            },
            by=by,
        )


def _projects(territory, drafts, staff, password):
    holder = _person(HOLDER_EMAIL, "Benjamin", "Dupays", password)
    centimeo = projects.project_save(
        holder=holder,
        data={
            "territory": territory,
            "title": "Centiméo",
            "description": "Des bornes où acheter des produits écoresponsables à l'unité avec "
            "les pièces rouges que personne n'utilise.",
            "holder_status": HolderStatus.COMPANY,
            "structure_name": "Centiméo",
            "looking_for_support": True,
        },
    )
    projects.project_save(
        holder=holder,
        data={
            "territory": territory,
            "title": "Mutum à Sceaux",
            "description": "Prêter et emprunter gratuitement les objets qu'on utilise peu.",
            "holder_status": HolderStatus.INDIVIDUAL,
            "looking_for_support": True,
        },
    )
    smart = next(c.partner for c in drafts if c.partner.name == "Sceaux Smart")
    poste = next(c.partner for c in drafts if c.partner.name == "Groupe La Poste")
    answered = projects.support_request_send(
        project=centimeo,
        partner=smart,
        kind=OfferKind.PREMISES,
        message="Un poste de travail deux jours par semaine pour préparer l'installation des "
        "bornes.",
        by=holder,
    )
    projects.support_request_answer(
        request=answered,
        accept=True,
        answer="Bienvenue : un poste vous attend le mardi et le jeudi.",
        by=staff[smart.pk],
    )
    waiting = projects.support_request_send(
        project=centimeo,
        partner=poste,
        kind=OfferKind.FINANCING,
        message="Un compte professionnel adapté à une jeune entreprise de l'ESS.",
        by=holder,
    )
    assert waiting.status == RequestStatus.OPEN
