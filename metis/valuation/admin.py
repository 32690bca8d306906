from django.contrib import admin

from .models import CostPrice


@admin.register(CostPrice)
class CostPriceAdmin(admin.ModelAdmin):
    """Cost prices are computed by the service from figures it does not keep: read-only. Only
    the company's referents and the employee read them (on the site): operator staff never see
    them here; superusers do (technical support)."""

    list_display = ("company", "employee", "grade", "year", "hourly_cost", "capped")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser
