from django.urls import path

from . import views

app_name = "civic"

urlpatterns = [
    path("", views.counter, name="counter"),
    path("inscription/", views.join, name="join"),
    path("donnees.csv", views.open_data, name="open_data"),
]
