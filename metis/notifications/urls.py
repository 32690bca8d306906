from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notices, name="notices"),
    path("lues/", views.mark_read, name="mark_all_read"),
    path("<int:pk>/lue/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
]
