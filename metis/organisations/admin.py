from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Association,
    Commune,
    Company,
    CompanyFiscalYear,
    Operator,
    Partner,
    Territory,
)


class ReadOnlyStatusMixin:
    """Activation goes through the service (it audits who activated): status is read-only."""

    readonly_fields = ("status", "created_at", "updated_at")


@admin.register(Operator)
class OperatorAdmin(ReadOnlyStatusMixin, SimpleHistoryAdmin):
    list_display = ("name", "status")


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyStatusMixin, SimpleHistoryAdmin):
    list_display = ("name", "commune", "operator", "status")
    autocomplete_fields = ("commune",)


class FiscalYearInline(admin.TabularInline):
    model = CompanyFiscalYear
    extra = 0


@admin.register(Company)
class CompanyAdmin(ReadOnlyStatusMixin, SimpleHistoryAdmin):
    list_display = ("name", "siren", "commune", "headcount", "status")
    list_filter = ("status", "legal_form")
    search_fields = ("name", "siren")
    autocomplete_fields = ("commune",)
    inlines = [FiscalYearInline]


@admin.register(Association)
class AssociationAdmin(ReadOnlyStatusMixin, SimpleHistoryAdmin):
    list_display = ("name", "rna", "siren", "commune", "is_general_interest", "status")
    list_filter = ("status", "field_of_action", "is_coluche_body")
    search_fields = ("name", "rna", "siren")
    autocomplete_fields = ("commune",)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    """Shipped reference data: read-only."""

    list_display = ("insee_code", "name", "postcodes", "departement", "epci", "population")
    search_fields = ("name", "insee_code", "postcodes")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(ReadOnlyStatusMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "siren", "status")
    search_fields = ("name", "siren")
