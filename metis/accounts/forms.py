from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LIST_TEXT
from metis.organisations.fields import CommuneField
from metis.skills.models import Skill

from .enums import Format, Role, Weekday
from .models import VolunteerProfile
from .services import PROFILE_FIELDS, parse_invitation_list


class VolunteerProfileForm(forms.ModelForm):
    professional_skills = forms.ModelMultipleChoiceField(
        label=_("Professional skills"),
        required=False,
        queryset=Skill.objects.professional().select_related("parent"),
        widget=forms.SelectMultiple(attrs={"data-enhance": "select"}),
    )
    personal_skills = forms.ModelMultipleChoiceField(
        label=_("Personal skills"),
        required=False,
        queryset=Skill.objects.personal().select_related("parent"),
        widget=forms.SelectMultiple(attrs={"data-enhance": "select"}),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Available days"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats accepted"),
        choices=Format.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commune = CommuneField(label=_("Commune"), required=False)

    class Meta:
        model = VolunteerProfile
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            skills = list(self.instance.skills.all())
            self.initial["professional_skills"] = [s for s in skills if s.kind == "professional"]
            self.initial["personal_skills"] = [s for s in skills if s.kind == "personal"]

    def clean_hours_per_month(self):
        hours = self.cleaned_data["hours_per_month"]
        if hours < 0 or hours > 200:
            raise ValidationError(_("Enter between 0 and 200 hours a month."))
        return hours


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[])
    people = forms.CharField(
        label=_("People to invite"),
        max_length=LIST_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One person per line: an e-mail address, optionally followed by first and last "
            "name (separated by commas or semicolons). A CSV export pasted here works too."
        ),
    )
    csv_file = forms.FileField(label=_("…or a CSV file"), required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
            self.fields["role"].widget = forms.HiddenInput()
        self.fields["people"].required = False

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("people") or ""
        upload = cleaned.get("csv_file")
        if upload:
            try:
                text += "\n" + upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(_("The file must be a UTF-8 CSV file.")) from None
        cleaned["rows"] = parse_invitation_list(text)
        return cleaned
