"""The load test's baseline: the cheapest page Django can serve through the site's middleware."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def loadtest_baseline(request):
    """A constant template, no query of ours: the load test (`loadtest/`) measures every page
    against it in the same run. Not part of the site: 404 unless `LOADTEST_BASELINE` is on
    (only `config.settings.loadtest` turns it on)."""
    if not settings.LOADTEST_BASELINE:
        raise Http404
    return render(request, "core/loadtest_baseline.html")
