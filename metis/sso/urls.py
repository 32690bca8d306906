from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("connexion/entreprise/", views.company_login, name="company_login"),
    path("entreprises/<int:pk>/sso/", views.configure, name="configure"),
    path("entreprises/<int:pk>/sso/activer/", views.enable, name="enable"),
    path("entreprises/<int:pk>/sso/desactiver/", views.disable, name="disable"),
]
