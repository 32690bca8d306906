from django.urls import path

from .views import organiser, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("agenda.ics", public.feed, name="feed"),
    path("territoires/<slug:slug>/agenda.ics", public.territory_feed, name="territory_feed"),
    path("<int:pk>/", public.event_detail, name="detail"),
    path("<int:pk>/evenement.ics", public.ical_event, name="ical_event"),
    path("<int:pk>/inscription/", public.register, name="register"),
    path("<int:pk>/desinscription/", public.unregister, name="unregister"),
    path("inscription/<str:token>/confirmer/", public.confirm, name="confirm"),
    path("inscription/<str:token>/annuler/", public.cancel_link, name="cancel_link"),
    path("organiser/", organiser.manage, name="manage"),
    path("organiser/nouveau/", organiser.create, name="create"),
    path("<int:pk>/modifier/", organiser.update, name="update"),
    path("<int:pk>/publier/", organiser.publish, name="publish"),
    path("<int:pk>/annuler/", organiser.cancel, name="cancel"),
    path("<int:pk>/inscrits/", organiser.registrations, name="registrations"),
    path("<int:pk>/presences/", organiser.attendance, name="attendance"),
    path("<int:pk>/inscrits.<str:fmt>", organiser.export, name="export"),
]
