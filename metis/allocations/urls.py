from django.urls import path

from . import views

app_name = "allocations"

urlpatterns = [
    # Territory officer, operator staff
    path("programme/<int:pk>/", views.programme_runs, name="programme_runs"),
    path("programme/<int:pk>/lancer/", views.run_request, name="run_request"),
    path("operateur/", views.operator_runs, name="operator_runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/avancement/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/annuler/", views.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/retirer/", views.run_drop, name="run_drop"),
    path("runs/<int:pk>/envoyer/", views.run_send, name="run_send"),
    # Association manager
    path("propositions/", views.association_proposals, name="association_proposals"),
    path("propositions/<int:pk>/<slug:decision>/", views.proposal_decide, name="proposal_decide"),
]
