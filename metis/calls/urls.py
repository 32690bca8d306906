from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("programme/<int:programme_pk>/nouveau/", views.call_create, name="create"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/ouvrir/", views.call_action, {"action": "open"}, name="open"),
    path("<int:pk>/cloturer/", views.call_action, {"action": "close"}, name="close"),
    path("<int:pk>/candidater/", views.application_create, name="apply"),
    path("<int:pk>/selection/", views.call_select, name="select"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/noter/", views.application_score, name="score"),
]
