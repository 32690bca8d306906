from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("contexte/", views.switch_context, name="switch_context"),
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees.json", views.data_export, name="data_export"),
    path("profil/effacement/", views.erase, name="erase"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation_accept"),
]
