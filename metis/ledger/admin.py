"""The ledger in the admin: read-only. Hours move only through the services."""

from django.contrib import admin

from .models import Account, Posting, PostingLine


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["pk", "programme", "kind", "company", "association", "reference_id", "balance"]
    list_filter = ["kind", "programme"]
    list_select_related = ["programme", "company", "association"]


class PostingLineInline(admin.TabularInline):
    model = PostingLine
    fields = ["account", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "programme", "event", "occurred_on", "created_at", "created_by", "memo"]
    list_filter = ["event", "programme"]
    list_select_related = ["programme", "created_by"]
    inlines = [PostingLineInline]
