from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Membership, User, VolunteerProfile


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "erased_at")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("date_joined", "last_login", "erased_at")}),
    )
    readonly_fields = ("erased_at", "last_login", "date_joined")
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Memberships start with an invitation and end through the service: read-only here."""

    list_display = ("user", "role", "organisation", "started_at", "ended_at")
    list_filter = ("role",)
    search_fields = ("user__email",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "organisation", "expires_at", "accepted_at")
    readonly_fields = ("token", "accepted_at")


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "job_title", "hours_per_month", "consents_to_suggestions")
    filter_horizontal = ("skills",)
