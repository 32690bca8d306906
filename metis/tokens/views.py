"""The organisation's “API access” page: its tokens, creating one (its plaintext shown once),
revoking one. For a company's referents and an association's managers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import show_refusal, submit_form
from metis.organisations.models import Association, Company

from .forms import ApiTokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke

ORGANISATION_KINDS = {"entreprise": Company, "association": Association}


def _organisation(request, kind, pk):
    model = ORGANISATION_KINDS.get(kind)
    if model is None:
        raise Http404
    organisation = get_object_or_404(model, pk=pk)
    if not request.user.has_perm("tokens.manage_api_tokens", organisation):
        raise PermissionDenied
    return organisation


def token_list(request, kind, pk):
    organisation = _organisation(request, kind, pk)
    tokens = ApiToken.objects.for_organisation(organisation).select_related(
        "created_by", "revoked_by"
    )
    return render(
        request,
        "tokens/token_list.html",
        {"organisation": organisation, "kind": kind, "tokens": tokens},
    )


def token_create(request, kind, pk):
    organisation = _organisation(request, kind, pk)
    form = ApiTokenForm(request.POST or None)
    created = submit_form(
        request,
        form,
        lambda data: api_token_create(
            organisation=organisation,
            name=data["name"],
            scope=data["scope"],
            expires_on=data["expires_on"],
            by=request.user,
        ),
    )
    if created is not None:
        token, plaintext = created
        # Rendered, not redirected: the plaintext is kept nowhere, not even in the session.
        response = render(
            request,
            "tokens/token_created.html",
            {"organisation": organisation, "kind": kind, "token": token, "plaintext": plaintext},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "tokens/token_form.html",
        {"organisation": organisation, "kind": kind, "form": form},
    )


def token_revoke(request, kind, pk, token_pk):
    """A confirmation (GET), then the revocation (POST)."""
    organisation = _organisation(request, kind, pk)
    token = get_object_or_404(ApiToken.objects.for_organisation(organisation), pk=token_pk)
    if request.method == "POST":
        try:
            api_token_revoke(token=token, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("tokens:list", kind=kind, pk=pk)
    return render(
        request,
        "tokens/token_revoke.html",
        {"organisation": organisation, "kind": kind, "token": token},
    )
