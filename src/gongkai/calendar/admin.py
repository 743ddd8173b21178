from django.contrib import admin
from django.db import transaction

from gongkai.orgs.admin import ConfigurationAdmin

from .models import CalendarDay, CalendarYear
from .services import table_changed


class CalendarDayInline(ConfigurationAdmin, admin.TabularInline):
    model = CalendarDay
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(ConfigurationAdmin, admin.ModelAdmin):
    list_display = ["year", "source_document", "updated_at"]
    inlines = [CalendarDayInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A change to the days alone must still move the year's revision.
        form.instance.save(update_fields=["updated_at"])
        transaction.on_commit(table_changed)
