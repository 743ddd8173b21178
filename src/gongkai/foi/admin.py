from django.contrib import admin

from gongkai.orgs.admin import ConfigurationAdmin

from .models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """The wording of the letters a case produces; a letter already issued keeps its text."""

    list_display = ["key", "title"]
    readonly_fields = ["key"]

    def has_add_permission(self, request, *args) -> bool:
        return False  # one template per kind of letter the services issue

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
