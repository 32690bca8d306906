from django.contrib import admin

from .models import CostPrice


@admin.register(CostPrice)
class CostPriceAdmin(admin.ModelAdmin):
    """Cost prices are computed by the service from figures it does not keep: read-only."""

    list_display = ("company", "employee", "grade", "year", "hourly_cost", "capped")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
