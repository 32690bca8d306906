from django.urls import path

from metis.core.views import home

app_name = "valuation_company"

urlpatterns = [
    path("entreprises/<int:pk>/prix-de-revient/", home, name="cost_prices"),
]
