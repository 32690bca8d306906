from django.urls import path

from .views import association as association_views
from .views import company as company_views
from .views import credit as credit_views
from .views import operator as operator_views
from .views import public as public_views
from .views import searches as search_views
from .views import volunteer as volunteer_views

app_name = "needs"

urlpatterns = [
    # Public
    path("besoins/", public_views.catalogue, name="catalogue"),
    path("besoins/recherches/", search_views.saved_searches, name="saved_searches"),
    path(
        "besoins/recherches/enregistrer/",
        search_views.saved_search_create,
        name="saved_search_create",
    ),
    path(
        "besoins/recherches/<int:pk>/supprimer/",
        search_views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("besoins/<int:pk>/", public_views.public_detail, name="public_detail"),
    path("besoins/<int:pk>-<slug:slug>/", public_views.public_detail, name="public_detail_slug"),
    path("besoins/<int:pk>/candidater/", public_views.apply, name="apply"),
    # Association manager
    path("association/besoins/", association_views.association_needs, name="association_needs"),
    path("association/besoins/nouveau/", association_views.need_create, name="need_create"),
    path("association/besoins/<int:pk>/", association_views.need_manage, name="need_manage"),
    path("association/besoins/<int:pk>/modifier/", association_views.need_edit, name="need_edit"),
    path(
        "association/besoins/<int:pk>/inviter/", association_views.need_invite, name="need_invite"
    ),
    path(
        "association/besoins/<int:pk>/<slug:action>/",
        association_views.need_action,
        name="need_action",
    ),
    path("association/subventions/", credit_views.association_credit, name="association_credit"),
    path(
        "association/candidatures/",
        association_views.applications_to_review,
        name="applications_to_review",
    ),
    path(
        "association/candidatures/<int:pk>/",
        association_views.application_decide,
        name="application_decide",
    ),
    path("association/heures/", association_views.hours_to_validate, name="hours_to_validate"),
    path(
        "association/heures/<int:pk>/annuler/",
        association_views.time_entry_reverse,
        name="time_entry_reverse",
    ),
    path(
        "association/heures-valorisees/",
        association_views.association_valued_hours,
        name="association_valued_hours",
    ),
    # Employee volunteer
    path("pour-moi/", volunteer_views.needs_for_you, name="needs_for_you"),
    path("participations/", volunteer_views.my_participations, name="my_participations"),
    path(
        "participations/<int:pk>/",
        volunteer_views.participation_detail,
        name="participation_detail",
    ),
    path("participations/<int:pk>/heures/", volunteer_views.declare_hours, name="declare_hours"),
    path(
        "participations/<int:pk>/heures-supplementaires/",
        volunteer_views.extra_hours_ask,
        name="extra_hours_ask",
    ),
    path(
        "participations/<int:pk>/retrait/", volunteer_views.participation_withdraw, name="withdraw"
    ),
    path(
        "participations/<int:pk>/invitation/",
        volunteer_views.invitation_answer,
        name="invitation_answer",
    ),
    path("mes-heures-valorisees/", volunteer_views.my_valued_hours, name="my_valued_hours"),
    # Company referent
    path("entreprise/approbations/", company_views.approvals, name="approvals"),
    path("entreprise/heures-supplementaires/", company_views.extra_hours, name="extra_hours"),
    path(
        "entreprise/heures-valorisees/",
        company_views.company_valued_hours,
        name="company_valued_hours",
    ),
    # Operator, territory
    path("moderation/besoins/", operator_views.moderation, name="moderation"),
    path(
        "territoire/heures-valorisees/",
        operator_views.territory_valued_hours,
        name="territory_valued_hours",
    ),
]
