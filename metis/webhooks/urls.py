from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("abonnements/<int:pk>/", views.subscription_detail, name="detail"),
    path("abonnements/<int:pk>/modifier/", views.subscription_update, name="update"),
    path("abonnements/<int:pk>/supprimer/", views.subscription_delete, name="delete"),
    path("abonnements/<int:pk>/secret/", views.secret_regenerate, name="regenerate_secret"),
    path("abonnements/<int:pk>/test/", views.test_send, name="test"),
    path(
        "abonnements/<int:pk>/envois/<int:delivery_pk>/renvoyer/",
        views.redeliver,
        name="redeliver",
    ),
    # After the paths above ("abonnements" is not an organisation kind).
    path("<str:kind>/<int:pk>/", views.subscriptions, name="list"),
    path("<str:kind>/<int:pk>/ajouter/", views.subscription_create, name="create"),
]
