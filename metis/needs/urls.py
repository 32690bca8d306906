from django.urls import path

from . import views

app_name = "needs"

urlpatterns = [
    # Public
    path("besoins/", views.catalogue, name="catalogue"),
    path("besoins/<int:pk>/", views.public_detail, name="public_detail"),
    path("besoins/<int:pk>-<slug:slug>/", views.public_detail, name="public_detail_slug"),
    path("besoins/<int:pk>/candidater/", views.apply, name="apply"),
    # Association manager
    path("association/besoins/", views.association_needs, name="association_needs"),
    path("association/besoins/nouveau/", views.need_create, name="need_create"),
    path("association/besoins/<int:pk>/", views.need_manage, name="need_manage"),
    path("association/besoins/<int:pk>/modifier/", views.need_edit, name="need_edit"),
    path("association/besoins/<int:pk>/inviter/", views.need_invite, name="need_invite"),
    path("association/besoins/<int:pk>/<slug:action>/", views.need_action, name="need_action"),
    path("association/candidatures/<int:pk>/", views.application_decide, name="application_decide"),
    path("association/heures/", views.hours_to_validate, name="hours_to_validate"),
    path(
        "association/heures/<int:pk>/annuler/", views.time_entry_reverse, name="time_entry_reverse"
    ),
    path(
        "association/heures-valorisees/",
        views.association_valued_hours,
        name="association_valued_hours",
    ),
    # Employee volunteer
    path("pour-moi/", views.needs_for_you, name="needs_for_you"),
    path("participations/", views.my_participations, name="my_participations"),
    path("participations/<int:pk>/", views.participation_detail, name="participation_detail"),
    path("participations/<int:pk>/heures/", views.declare_hours, name="declare_hours"),
    path("participations/<int:pk>/retrait/", views.participation_withdraw, name="withdraw"),
    path("participations/<int:pk>/invitation/", views.invitation_answer, name="invitation_answer"),
    path("mes-heures-valorisees/", views.my_valued_hours, name="my_valued_hours"),
    # Company referent
    path("entreprise/approbations/", views.approvals, name="approvals"),
    path("entreprise/heures-supplementaires/", views.extra_hours, name="extra_hours"),
    path("entreprise/heures-valorisees/", views.company_valued_hours, name="company_valued_hours"),
    # Operator, territory
    path("moderation/besoins/", views.moderation, name="moderation"),
    path(
        "territoire/heures-valorisees/",
        views.territory_valued_hours,
        name="territory_valued_hours",
    ),
]
