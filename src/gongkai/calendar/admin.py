from django import forms
from django.contrib import admin
from django.db import transaction

from gongkai.core.models import PeriodChange
from gongkai.core.periods import PERIODS
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


@admin.register(PeriodChange)
class PeriodChangeAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """A statutory period changed by a new regulation or a local rule; deleting the change
    restores the statutory period. Running deadlines are computed again."""

    list_display = ["key", "amount", "unit", "source", "updated_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "key":  # a period of the statutory table, with its statutory value
            choices = [(k, f"{k}（法定：{p}，{p.source}）") for k, p in PERIODS.items()]
            return forms.ChoiceField(label=db_field.verbose_name, choices=choices)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(table_changed)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(table_changed)
