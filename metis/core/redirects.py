"""Redirects to a URL the request names (`next`): only to this site, never elsewhere."""

from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, fallback, *, field="next") -> str:
    """The `next` value of the request when it points to this site (a path or an absolute URL of
    an allowed host, same scheme security), else the fallback (a URL name or a path)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


def redirect_to_next(request, fallback, *, field="next") -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next_url(request, fallback, field=field))
