from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Call


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "opens_on", "closes_on", "status"]
    list_filter = ["status"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["association", "call", "hours_wished", "status"]
    list_filter = ["status"]
