from django.urls import path

from . import views

app_name = "tokens"

urlpatterns = [
    path("organisations/<str:kind>/<int:pk>/acces-api/", views.token_list, name="list"),
    path(
        "organisations/<str:kind>/<int:pk>/acces-api/nouveau/",
        views.token_create,
        name="create",
    ),
    path(
        "organisations/<str:kind>/<int:pk>/acces-api/<int:token_pk>/revoquer/",
        views.token_revoke,
        name="revoke",
    ),
]
