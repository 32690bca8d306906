from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/agenda/renouveler/", views.agenda_renew, name="agenda_renew"),
    path("tableau-de-bord/agenda/<str:token>.ics", views.agenda, name="agenda"),
    path("impact/<int:pk>/", views.impact_page, name="impact"),
]
