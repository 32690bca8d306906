from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import User

from .rules.cost_price import DEFAULT_MONTHLY_HOURS


class CostPriceForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Employee"), queryset=User.objects.none(), required=False
    )
    grade = forms.CharField(label=_("…or a grade"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year of the work"), min_value=2021, max_value=2100)
    monthly_salary = forms.DecimalField(
        label=_("Monthly gross salary (€)"), min_value=0, max_digits=10, decimal_places=2
    )
    monthly_employer_charges = forms.DecimalField(
        label=_("Monthly employer charges (€)"), min_value=0, max_digits=10, decimal_places=2
    )
    monthly_hours = forms.DecimalField(
        label=_("Contractual monthly hours"),
        min_value=Decimal("0.01"),
        max_value=400,
        max_digits=6,
        decimal_places=2,
        initial=DEFAULT_MONTHLY_HOURS,
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = User.objects.filter(
            memberships__company=company,
            memberships__role=Role.EMPLOYEE,
            memberships__ended_at__isnull=True,
        ).order_by("last_name")
        self.fields["year"].initial = timezone.localdate().year
