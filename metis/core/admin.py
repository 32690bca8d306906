"""Admin helpers shared by the apps' admin modules."""


class EmployeeCostHiddenMixin:
    """An employee's hourly cost, and any value computed from it, is read by the company's
    referents and the employee only (valuation/permissions.py). The admin serves operator staff:
    it never shows those fields, except to superusers (technical support)."""

    employee_cost_fields: tuple[str, ...] = ()

    def _hides_costs(self, request):
        return not request.user.is_superuser

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if self._hides_costs(request):
            return [f for f in fields if f not in self.employee_cost_fields]
        return fields

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self._hides_costs(request):
            exclude += [f for f in self.employee_cost_fields if f not in exclude]
        return exclude
