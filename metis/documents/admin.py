from django.contrib import admin

from .models import Acceptance, AgreementVersion, LoanAgreement, Receipt, ReceiptBatch


class ReadOnlyAdmin(admin.ModelAdmin):
    """Documents are written by the services only: issued, accepted and versioned documents
    never change (docs/rules.md § 5)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["number", "association", "company", "amount", "status", "issued_at"]
    list_filter = ["status", "year"]
    exclude = ["pdf"]


@admin.register(LoanAgreement)
class LoanAgreementAdmin(ReadOnlyAdmin):
    list_display = ["company", "association", "programme", "created_at"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "sha256", "created_at"]
    exclude = ["pdf"]


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["party", "user", "accepted_at", "sha256"]


@admin.register(ReceiptBatch)
class ReceiptBatchAdmin(ReadOnlyAdmin):
    list_display = ["association", "year", "status", "done", "total"]
