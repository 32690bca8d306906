from django.urls import path

from .views import charters, council, partners, projects, public, subsidies

app_name = "ecosystem"

urlpatterns = [
    path("territoires/<slug:slug>/ecosysteme/", public.public, name="public"),
    path("ecosysteme/", partners.home, name="home"),
    path("ecosysteme/partenaires/nouveau/", partners.partner_create, name="partner_create"),
    path("ecosysteme/partenaires/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path(
        "ecosysteme/partenaires/<int:pk>/modifier/",
        partners.partner_update,
        name="partner_update",
    ),
    path(
        "ecosysteme/partenaires/<int:pk>/offres/nouvelle/",
        partners.offer_create,
        name="offer_create",
    ),
    path("ecosysteme/offres/<int:pk>/modifier/", partners.offer_update, name="offer_update"),
    path(
        "ecosysteme/partenaires/<int:pk>/inviter/", partners.partner_invite, name="partner_invite"
    ),
    path(
        "ecosysteme/partenaires/<int:pk>/bilan.pdf",
        partners.partner_report,
        name="partner_report",
    ),
    path(
        "ecosysteme/territoires/<int:pk>/bilan.pdf",
        partners.territory_report,
        name="territory_report",
    ),
    path(
        "ecosysteme/territoires/<int:pk>/ressources/nouvelle/",
        partners.resource_create,
        name="resource_create",
    ),
    path(
        "ecosysteme/ressources/<int:pk>/supprimer/",
        partners.resource_delete,
        name="resource_delete",
    ),
    path("ecosysteme/chartes/nouvelle/", charters.charter_create, name="charter_create"),
    path("ecosysteme/chartes/<int:pk>/", charters.charter_detail, name="charter_detail"),
    path("ecosysteme/chartes/<int:pk>/charte.pdf", charters.charter_pdf, name="charter_pdf"),
    path("ecosysteme/chartes/<int:pk>/modifier/", charters.charter_update, name="charter_update"),
    path("ecosysteme/chartes/<int:pk>/signer/", charters.charter_sign, name="charter_sign"),
    path("ecosysteme/chartes/<int:pk>/renouveler/", charters.charter_renew, name="charter_renew"),
    path("ecosysteme/chartes/<int:pk>/terminer/", charters.charter_end, name="charter_end"),
    path(
        "ecosysteme/chartes/<int:pk>/actions/nouvelle/",
        charters.action_create,
        name="action_create",
    ),
    path(
        "ecosysteme/territoires/<int:pk>/conseil/nouveau/",
        council.session_create,
        name="session_create",
    ),
    path("ecosysteme/conseil/<int:pk>/", council.session_detail, name="session_detail"),
    path("ecosysteme/conseil/<int:pk>/note.pdf", council.session_note, name="session_note"),
    path(
        "ecosysteme/conseil/<int:pk>/projet-deliberation.pdf",
        council.session_deliberation,
        name="session_deliberation",
    ),
    path("ecosysteme/conseil/<int:pk>/decision/", council.session_record, name="session_record"),
    path(
        "ecosysteme/conseil/<int:pk>/deliberation-signee.pdf",
        council.session_signed_file,
        name="session_signed_file",
    ),
    path(
        "ecosysteme/programmes/<int:pk>/subventions/note.pdf",
        subsidies.subsidies_note_pdf,
        name="subsidies_note",
    ),
    path(
        "ecosysteme/programmes/<int:pk>/subventions/projet-deliberation.pdf",
        subsidies.subsidies_deliberation_pdf,
        name="subsidies_deliberation",
    ),
    path("projets/", projects.project_list, name="project_list"),
    path("projets/nouveau/", projects.project_create, name="project_create"),
    path("projets/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", projects.project_update, name="project_update"),
    path("projets/<int:pk>/demander/", projects.request_create, name="request_create"),
    path("demandes/<int:pk>/repondre/", projects.request_answer, name="request_answer"),
]
