from django.contrib import admin

from .models import Outcome


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["participation", "respondent", "satisfaction", "quote_consent"]
    list_filter = ["respondent", "quote_consent"]
