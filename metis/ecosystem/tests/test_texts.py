"""The council's documents and the charter carry their mentions (docs/ecosystem.md § Council
documents): checked on the HTML rendered before PDF conversion, and once on the PDF's text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.tests.factories import pdf_text
from metis.ecosystem.services import charters
from metis.ecosystem.texts import charter_text, council_deliberation, council_note
from metis.organisations.tests.factories import TerritoryFactory

from .factories import charter_data, make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    drafts = [
        charters.charter_draft(
            territory=territory,
            partner=make_partner(territory, officer, name=name),
            data=charter_data(contributions=f"Apport de {name}"),
            by=officer,
        )
        for name in ("KissKissBankBank", "Groupe La Poste", "Sceaux Smart")
    ]
    session = charters.council_session_prepare(
        territory=territory,
        charters=drafts,
        session_date=datetime.date(2015, 5, 21),
        rapporteur="Othmane Khaoua",
        context="La démarche participative « Parlons ensemble de Sceaux ».",
        by=officer,
    )
    session.officer = officer
    return session


def test_the_presentation_note_holds_object_rapporteur_context_and_proposal(session):
    html = council_note(session)
    for mention in (
        "NOTE DE PRÉSENTATION",
        "Séance du 21 mai 2015",
        "OBJET :",
        "Approbation de chartes de partenariat",
        "Rapporteur :</strong> Othmane Khaoua",
        "Parlons ensemble de Sceaux",
        "autoriser le maire à signer des chartes",
        "KissKissBankBank",
        "Groupe La Poste",
        "Sceaux Smart",
        "Apport de Sceaux Smart",
        "Informer tous les publics",
        "Chacun des signataires de la charte se charge de communiquer",
    ):
        assert mention in html, mention


def test_the_draft_deliberation_holds_visas_considerants_and_decision(session):
    html = council_deliberation(session)
    for mention in (
        "PROJET DE DÉLIBÉRATION",
        "Après avoir entendu le rapport de Othmane Khaoua",
        "Vu le code général des collectivités territoriales,",
        "Considérant la nécessité pour la Ville",
        "Vu les projets de chartes",
        "Après en avoir délibéré",
        "<strong>APPROUVE</strong> les chartes de partenariat avec les structures suivantes",
        "AUTORISE le maire à les signer.",
    ):
        assert mention in html, mention
    assert (
        html.index("Groupe La Poste") < html.index("KissKissBankBank") < html.index("Sceaux Smart")
    )


def test_one_charter_alone_is_in_the_singular(session):
    territory = session.territory
    draft = charters.charter_draft(
        territory=territory,
        partner=make_partner(territory, session.officer, name="Hauts-de-Seine Initiative"),
        data=charter_data(),
        by=session.officer,
    )
    alone = charters.council_session_prepare(
        territory=territory,
        charters=[draft],
        session_date=timezone.localdate(),
        rapporteur="R",
        context="C",
        by=session.officer,
    )
    html = council_deliberation(alone)
    assert "la charte de partenariat avec la structure suivante" in html
    assert "AUTORISE le maire à la signer." in html


def test_the_pdfs_print_the_mentions(client, session):
    client.force_login(session.officer)
    note = client.get(reverse("ecosystem:session_note", args=[session.pk]))
    assert note["Content-Type"] == "application/pdf"
    assert "NOTEDEPRÉSENTATION" in pdf_text(note.content)
    deliberation = client.get(reverse("ecosystem:session_deliberation", args=[session.pk]))
    text = pdf_text(deliberation.content)
    assert "Vulecodegénéraldescollectivitésterritoriales" in text
    assert "AUTORISElemaireàlessigner" in text


def test_the_charter_text_names_both_sides_the_period_and_the_commitments(session):
    charter = session.charters.get(partner__name="Sceaux Smart")
    text = charter_text(charter)
    assert "La commune de Sceaux" in text and "Sceaux Smart" in text
    assert charter.starts_on.strftime("%d/%m/%Y") in text
    assert text.count("<li>") == 5
    assert "Apport de Sceaux Smart" in text


def test_the_mixed_subsidies_documents_list_associations_cash_and_hours(client):
    from metis.organisations.tests.factories import AssociationFactory
    from metis.programmes.tests.factories import MixedSubsidyFactory, ProgrammeFactory

    programme = ProgrammeFactory(name="Sceaux 2026")
    for name, hours in (("Les Amis du Parc", "40"), ("Sceaux Solidarité", "25.5")):
        MixedSubsidyFactory(
            programme=programme,
            association=AssociationFactory(name=name),
            hours_credit=hours,
        )
    officer = member(Role.TERRITORY_OFFICER, programme.territory)
    client.force_login(officer)
    query = {"seance": "2026-03-26", "rapporteur": "Othmane Khaoua"}
    note = client.get(reverse("ecosystem:subsidies_note", args=[programme.pk]), query)
    text = pdf_text(note.content)
    for mention in (
        "NOTEDEPRÉSENTATION",
        "Séancedu26mars2026",
        "Rapporteur:OthmaneKhaoua",
        "LesAmisduParc",
        "SceauxSolidarité",
        "65,50",  # hours credit in total
        "12000,00",  # cash in total
    ):
        assert mention in text, mention
    deliberation = client.get(
        reverse("ecosystem:subsidies_deliberation", args=[programme.pk]), query
    )
    text = pdf_text(deliberation.content)
    for mention in (
        "PROJETDEDÉLIBÉRATION",
        "Vulecodegénéraldescollectivitésterritoriales",
        "APPROUVEl’attributiondessubventionsmixtessuivantes",
        "AUTORISElemaireàsigner",
        "LesAmisduParc",
    ):
        assert mention in text, mention
