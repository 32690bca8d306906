from django.contrib import admin
from django.urls import include, path

from metis.core.views import loadtest_baseline

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("metis.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("metis.inbox.urls")),
    path("", include("metis.accounts.urls")),
    path("", include("metis.organisations.urls")),
    path("programmes/", include("metis.programmes.urls")),
    path("appels/", include("metis.calls.urls")),
    path("bilans/", include("metis.outcomes.urls")),
    path("", include("metis.needs.urls")),
    path("", include("metis.reporting.urls")),
    path("notifications/", include("metis.notifications.urls")),
    path("allocations/", include("metis.allocations.urls")),
    path("documents/", include("metis.documents.urls")),
    path("simulateur/", include("metis.valuation.urls")),
    path("service-civique/", include("metis.civic.urls")),
    path("", include("metis.ecosystem.urls")),
    path("evenements/", include("metis.events.urls")),
    path("", include("metis.sso.urls")),
    path("webhooks/", include("metis.webhooks.urls")),
    path("valorisation/", include("metis.valuation.company_urls")),
    path("", include("metis.tokens.urls")),
    path("loadtest/baseline/", loadtest_baseline, name="loadtest_baseline"),
]
