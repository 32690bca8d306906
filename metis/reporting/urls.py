from django.urls import path

from . import evaluation_views, opendata_views, public_views, views

app_name = "reporting"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/agenda/renouveler/", views.agenda_renew, name="agenda_renew"),
    path("tableau-de-bord/agenda/<str:token>.ics", views.agenda, name="agenda"),
    path("impact/<int:pk>/", views.impact_page, name="impact"),
    path("territoires/<slug:slug>/impact/", public_views.territory_impact, name="territory_impact"),
    path("territoires/<slug:slug>/vignette/", public_views.widget, name="widget"),
    path("territoires/<slug:slug>/vignette.svg", public_views.widget_svg, name="widget_svg"),
    path("donnees-ouvertes/", opendata_views.index, name="open_data"),
    path(
        "donnees-ouvertes/schemas/<slug:dataset>.json",
        opendata_views.schema,
        name="open_data_schema",
    ),
    path(
        "donnees-ouvertes/<slug:dataset>.<str:fmt>",
        opendata_views.download,
        name="open_data_file",
    ),
    path(
        "donnees-ouvertes/territoires/<slug:slug>/<slug:dataset>.<str:fmt>",
        opendata_views.download,
        name="open_data_territory_file",
    ),
    path("bilan/programme/<int:pk>/", evaluation_views.evaluation, name="evaluation"),
    path("bilan/programme/<int:pk>/pdf/", evaluation_views.evaluation_pdf, name="evaluation_pdf"),
]
