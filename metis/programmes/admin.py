from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MixedSubsidy, Pledge, Programme


class ServicesOnlyAdmin(SimpleHistoryAdmin):
    """State changes post to the ledger: they go through the screens' services, so the admin
    only shows these rows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ServicesOnlyAdmin):
    list_display = ["name", "territory", "starts_on", "ends_on", "status", "target_hours"]
    list_filter = ["status"]


@admin.register(Pledge)
class PledgeAdmin(ServicesOnlyAdmin):
    list_display = ["company", "programme", "hours", "status", "signed_on"]
    list_filter = ["status"]


@admin.register(MixedSubsidy)
class MixedSubsidyAdmin(ServicesOnlyAdmin):
    list_display = ["association", "programme", "hours_credit", "status", "deliberation_date"]
    list_filter = ["status"]
