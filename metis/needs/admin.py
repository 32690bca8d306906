"""Read-only admin: every change of the mission cycle goes through the services (and the ledger)."""

from django.contrib import admin

from metis.core.admin import EmployeeCostHiddenMixin

from .models import ExtraHoursRequest, Need, Participation, TimeEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ["title", "association", "programme", "status", "starts_on", "ends_on"]
    list_filter = ["status", "format", "programme"]
    search_fields = ["title", "association__name"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["need", "volunteer", "company", "status", "reserved_hours"]
    list_filter = ["status", "origin"]
    list_select_related = ["need", "volunteer", "company"]


@admin.register(TimeEntry)
class TimeEntryAdmin(EmployeeCostHiddenMixin, ReadOnlyAdmin):
    employee_cost_fields = ("hourly_cost", "value")
    list_display = ["participation", "date", "hours", "status", "value"]
    list_filter = ["status"]
    list_select_related = ["participation__need", "participation__volunteer"]
    date_hierarchy = "date"


@admin.register(ExtraHoursRequest)
class ExtraHoursRequestAdmin(ReadOnlyAdmin):
    list_display = ["participation", "hours", "status", "created_at"]
    list_filter = ["status"]
