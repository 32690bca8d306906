"""Values read from the query string, the path or a posted field that no form covers: parsed with
bounds, so bad input gets a 4xx, never a 500."""

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

YEAR_MIN, YEAR_MAX = 2000, 2100
ID_MAX = 2**63 - 1  # a BigAutoField

INVALID_YEAR = gettext_lazy("The year must be a number between 2000 and 2100.")
INVALID_ID = gettext_lazy("This identifier is not valid.")


class YearField(forms.IntegerField):
    """A calendar or fiscal year the platform handles (2000–2100)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("error_messages", {"invalid": INVALID_YEAR})
        super().__init__(**kwargs)
        self.error_messages.update({"min_value": INVALID_YEAR, "max_value": INVALID_YEAR})


class IdField(forms.IntegerField):
    """A positive database identifier."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("error_messages", {"invalid": INVALID_ID})
        super().__init__(**kwargs)
        self.error_messages.update({"min_value": INVALID_ID, "max_value": INVALID_ID})


def _clean(field, value):
    try:
        return field.clean(value)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from error


def year_param(request, name="annee", *, default=None) -> int:
    """The year named in the query string (`?annee=2026`), else `default` (this year when
    None); out of 2000–2100 or not a number → 400."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default or timezone.localdate().year
    return _clean(YearField(), raw)


SEARCH_MAX = 100


def search_param(request, name="q") -> str:
    """The search text of the query string: NUL characters (refused by PostgreSQL) removed,
    trimmed and cut to 100 characters; "" when absent."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:SEARCH_MAX]


def check_year(year: int) -> int:
    """A year taken from the path: one outside 2000–2100 names no page (404)."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404(INVALID_YEAR)
    return year


def posted_id(request, name) -> int:
    """A posted identifier (400 when missing or not a positive integer)."""
    return _clean(IdField(), request.POST.get(name, ""))


def posted_ids(request, name) -> list[int]:
    """Every posted identifier of a multi-valued field (400 on any that is not one)."""
    field = IdField()
    return [_clean(field, value) for value in request.POST.getlist(name)]


def get_posted_object_or_404(queryset, request, name):
    """The object of `queryset` whose id is posted in `name`: 400 when the value is not an id,
    404 when no such object is in the queryset."""
    return get_object_or_404(queryset, pk=posted_id(request, name))


def posted_year(request, name="year") -> int:
    """A posted year (400 when missing, not a number or outside 2000–2100)."""
    return _clean(YearField(), request.POST.get(name, ""))


def optional_posted_id(request, name) -> int | None:
    """A posted identifier, or None when it is missing or not a positive integer (the caller
    then says what to choose)."""
    try:
        return IdField(required=False).clean(request.POST.get(name, ""))
    except ValidationError:
        return None
