from django.contrib import admin

from .models import Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("label_fr", "label_en", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("label_fr", "label_en", "code")
