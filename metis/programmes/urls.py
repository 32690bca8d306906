from django.urls import path

from metis.core.views import home

app_name = "programmes"

# Placeholder routes, replaced by the programmes screens.
urlpatterns = [
    path("", home, name="list"),
    path("engagements/", home, name="pledge_list"),
    path("subventions/", home, name="subsidy_list"),
]
