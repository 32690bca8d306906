from django.urls import path

from . import views

app_name = "valuation"

urlpatterns = [path("", views.simulator, name="simulator")]
