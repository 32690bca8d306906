from django.urls import path

from metis.core.views import home

app_name = "valuation"

urlpatterns = [path("", home, name="simulator")]
