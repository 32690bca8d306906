from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Commune

UNKNOWN_COMMUNE = _("Unknown commune: type its name or postcode and pick it from the list.")


def plausible_insee_code(value) -> bool:
    """An INSEE code is 5 letters or digits ("92071", "2A004"): anything else (a NUL byte, a
    long string) never reaches the database, where PostgreSQL would refuse it with an error."""
    return isinstance(value, str) and 0 < len(value) <= 5 and value.isascii() and value.isalnum()


class CommuneWidget(forms.Select):
    """A select that renders only the chosen commune; the rest is searched as you type."""

    def __init__(self, attrs=None):
        attrs = {
            "data-autocomplete-url": reverse_lazy("organisations:commune_autocomplete"),
            **(attrs or {}),
        }
        super().__init__(attrs)

    def optgroups(self, name, value, attrs=None):
        selected = [v for v in value if plausible_insee_code(v)]
        options = [self.create_option(name, "", "", not selected, 0)]
        for index, commune in enumerate(Commune.objects.filter(pk__in=selected), start=1):
            options.append(self.create_option(name, commune.pk, commune.label, True, index))
        return [(None, options, 0)]


class CommuneField(forms.ModelChoiceField):
    widget = CommuneWidget
    default_error_messages = {"invalid_choice": UNKNOWN_COMMUNE}

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Commune.objects.select_related("departement"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not plausible_insee_code(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
