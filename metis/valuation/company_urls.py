from django.urls import path

from . import cost_price_views

app_name = "valuation_company"

urlpatterns = [
    path("entreprises/<int:pk>/prix-de-revient/", cost_price_views.cost_prices, name="cost_prices"),
    path("mes-prix-de-revient/", cost_price_views.my_cost_prices, name="my_cost_prices"),
]
