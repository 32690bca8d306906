"""The operator edits the settings here; the hours are the ledger's (read-only admin)."""

from django.contrib import admin

from .models import CivicSettings


@admin.register(CivicSettings)
class CivicSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "hours_per_year",
        "carry_over",
        "carry_over_ceiling",
        "training_hours_per_day",
        "training_effective_on",
    ]
