from django.urls import path

from . import carried_in_views, cost_price_views

app_name = "valuation_company"

urlpatterns = [
    path("entreprises/<int:pk>/prix-de-revient/", cost_price_views.cost_prices, name="cost_prices"),
    path("entreprises/<int:pk>/reports/", carried_in_views.carried_in, name="carried_in"),
    path(
        "entreprises/<int:pk>/reports/<str:kind>/<int:item_pk>/supprimer/",
        carried_in_views.carried_in_remove,
        name="carried_in_remove",
    ),
    path("mes-prix-de-revient/", cost_price_views.my_cost_prices, name="my_cost_prices"),
]
