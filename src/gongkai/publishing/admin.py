from django.contrib import admin

from gongkai.orgs.admin import ConfigurationAdmin

from .models import CatalogueItem, ReviewStage


@admin.register(CatalogueItem)
class CatalogueItemAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """The 主动公开目录 is configuration; documents themselves are edited on the staff pages,
    where every change goes through the services and the event log."""

    list_display = ["code", "name", "parent", "basis", "sort_order"]
    search_fields = ["code", "name"]
    list_filter = ["parent"]


@admin.register(ReviewStage)
class ReviewStageAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """The review chain (default 初审 → 复审 with the secrecy checklist → 终审): the office asks,
    the platform admin changes it, and the audit keeps every version."""

    list_display = ["order", "name", "role", "secrecy_check"]
    ordering = ["order"]
