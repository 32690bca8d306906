from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from metis.core.views import loadtest_baseline

urlpatterns = [
    # The language switch is in every page's menu, the public's included.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
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
