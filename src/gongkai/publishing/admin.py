from django.contrib import admin

from gongkai.orgs.admin import ConfigurationAdmin

from .models import CatalogueItem


@admin.register(CatalogueItem)
class CatalogueItemAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """The 主动公开目录 is configuration; documents themselves are edited on the staff pages,
    where every change goes through the services and the event log."""

    list_display = ["code", "name", "parent", "basis", "sort_order"]
    search_fields = ["code", "name"]
    list_filter = ["parent"]
