from django.urls import path

from . import signatory_views, views

app_name = "organisations"

urlpatterns = [
    path("communes/autocomplete/", views.commune_autocomplete, name="commune_autocomplete"),
    path("entreprises/", views.company_list, name="company_list"),
    path("entreprises/inscription/", views.company_register, name="company_register"),
    path("entreprises/<int:pk>/", views.company_detail, name="company_detail"),
    path("entreprises/<int:pk>/modifier/", views.company_update, name="company_update"),
    path(
        "entreprises/<int:pk>/exercices/ajouter/", views.fiscal_year_edit, name="fiscal_year_create"
    ),
    path(
        "entreprises/<int:pk>/exercices/<int:fy>/",
        views.fiscal_year_edit,
        name="fiscal_year_update",
    ),
    path(
        "associations/<int:pk>/signataires/",
        signatory_views.signatories,
        name="signatories",
    ),
    path(
        "associations/<int:pk>/signataires/<int:signatory_pk>/fin/",
        signatory_views.signatory_end,
        name="signatory_end",
    ),
    path("entreprises/<int:pk>/contreparties/", signatory_views.counterparts, name="counterparts"),
    path(
        "entreprises/<int:pk>/contreparties/<int:counterpart_pk>/supprimer/",
        signatory_views.counterpart_delete,
        name="counterpart_delete",
    ),
    path("associations/", views.association_list, name="association_list"),
    path("associations/inscription/", views.association_register, name="association_register"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
    path("associations/<int:pk>/modifier/", views.association_update, name="association_update"),
    path("territoires/", views.territory_list, name="territory_list"),
    path("territoires/nouveau/", views.territory_create, name="territory_create"),
    path("territoires/inscription/", views.territory_register, name="territory_register"),
    path("territoires/<int:pk>/", views.territory_detail, name="territory_detail"),
    path(
        "territoires/<int:pk>/inviter/", views.territory_invite_local, name="territory_invite_local"
    ),
    path("organisations/a-activer/", views.pending_list, name="pending"),
    path(
        "organisations/<str:kind>/<int:pk>/activer/", views.organisation_activate, name="activate"
    ),
    path("organisations/<str:kind>/<int:pk>/membres/", views.members, name="members"),
    path(
        "organisations/<str:kind>/<int:pk>/membres/<int:membership_pk>/fin/",
        views.member_end,
        name="member_end",
    ),
]
