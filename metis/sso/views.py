from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import show_refusal, submit_form
from metis.core.permissions import permission_required
from metis.organisations.models import Company

from . import services
from .forms import CompanyEmailForm, SsoForm, initial_of
from .models import CompanySso
from .selectors import sso_for_email


def _company(request, pk):
    return get_object_or_404(Company, pk=pk)


def _addresses(request, company):
    """What the referent copies into their identity provider."""
    slug = services.provider_slug(company)
    return {
        "oidc_callback": request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": slug})
        ),
        "saml_metadata": request.build_absolute_uri(reverse("saml_metadata", args=[slug])),
        "saml_acs": request.build_absolute_uri(reverse("saml_acs", args=[slug])),
    }


@permission_required("sso.configure_company_sso", fn=_company)
def configure(request, pk):
    company = _company(request, pk)
    sso = CompanySso.objects.filter(company=company).select_related("social_app").first()
    form = SsoForm(request.POST or None, initial=initial_of(sso))
    saved = submit_form(
        request,
        form,
        lambda data: services.sso_configure(company=company, data=data, by=request.user),
        success=_("The single sign-on has been saved."),
    )
    if saved:
        return redirect("sso:configure", pk=company.pk)
    context = {
        "company": company,
        "sso": sso,
        "form": form,
        "addresses": _addresses(request, company),
    }
    return render(request, "sso/configure.html", context)


def _switch(request, pk, service):
    company = _company(request, pk)
    sso = get_object_or_404(CompanySso, company=company)
    try:
        service(sso=sso, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The single sign-on has been updated."))
    return redirect("sso:configure", pk=company.pk)


@require_POST
@permission_required("sso.configure_company_sso", fn=_company)
def enable(request, pk):
    return _switch(request, pk, services.sso_enable)


@require_POST
@permission_required("sso.configure_company_sso", fn=_company)
def disable(request, pk):
    return _switch(request, pk, services.sso_disable)


@login_not_required
def company_login(request):
    """“Log in with your company account”: the work e-mail's domain picks the company's
    identity provider, and the person is sent there (allauth's provider log-in)."""
    form = CompanyEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sso = sso_for_email(form.cleaned_data["email"])
        if sso is not None:
            provider = sso.social_app.get_provider(request)
            return provider.redirect_from_request(request)
        form.add_error(
            "email",
            _("No company uses single sign-on for this address: log in with your password."),
        )
    return render(request, "sso/company_login.html", {"form": form})
