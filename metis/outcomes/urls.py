from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("participations/<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/retirer-consentement/", views.withdraw_consent, name="withdraw_consent"),
]
