"""Read-only admin of the ecosystem: every write goes through the screens' services."""

from django.contrib import admin

from .models import Charter, CommitmentAction, CouncilSession, PartnerOffer, Project


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Charter)
class CharterAdmin(ReadOnlyAdmin):
    list_display = ("title", "partner", "territory", "status", "starts_on", "ends_on")
    list_filter = ("status",)


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ("territory", "session_date", "deliberation_number", "outcome")
    exclude = ("signed_deliberation",)


admin.site.register([PartnerOffer, CommitmentAction, Project], ReadOnlyAdmin)
