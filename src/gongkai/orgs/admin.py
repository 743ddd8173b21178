from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gongkai.core.audit import config_changed, snapshot
from gongkai.core.models import ConfigChange

from .models import Membership, Unit, User
from .permissions import may_configure
from .services import unit_save


class ConfigurationAdmin:
    """The Django admin is configuration: open to platform admins through the one role layer,
    and every change it saves — of the object or of its inline rows — goes to the audit with
    the values before and after."""

    def _may(self, request) -> bool:
        return may_configure(request.user)

    def has_module_permission(self, request) -> bool:
        return self._may(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._may(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def save_model(self, request, obj, form, change):
        before = _stored(obj)
        super().save_model(request, obj, form, change)
        config_changed(actor=request.user, instance=obj, before=before, after=snapshot(obj))

    def delete_model(self, request, obj):
        config_changed(actor=request.user, instance=obj, before=snapshot(obj), after=None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            config_changed(actor=request.user, instance=obj, before=snapshot(obj), after=None)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        before = {f.instance.pk: _stored(f.instance) for f in formset.forms if f.instance.pk}
        super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            config_changed(actor=request.user, instance=obj, before=before.get(obj.pk), after=None)
        for obj in [*formset.new_objects, *(o for o, _ in formset.changed_objects)]:
            config_changed(
                actor=request.user, instance=obj, before=before.get(obj.pk), after=snapshot(obj)
            )


def _stored(obj) -> dict | None:
    """The row as the database holds it before this save (None: a new row)."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


@admin.register(Unit)
class UnitAdmin(ConfigurationAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        unit_save(actor=request.user, unit=obj)  # audits the change itself


class MembershipInline(ConfigurationAdmin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(ConfigurationAdmin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    list_display = ["username", "display_name", "email", "is_active"]
    search_fields = ["username", "display_name", "email"]
    inlines = [MembershipInline]
    readonly_fields = ["last_login"]


@admin.register(ConfigChange)
class ConfigChangeAdmin(ConfigurationAdmin, admin.ModelAdmin):
    """The audit of configuration: read only, kept for good, newest first."""

    list_display = ["at", "who", "area", "target", "what", "values", "reason"]
    list_filter = ["area", "action"]
    search_fields = ["target", "reason"]
    ordering = ["-at", "-id"]
    readonly_fields = [f.name for f in ConfigChange._meta.fields]

    @admin.display(description="操作人")
    def who(self, change: ConfigChange) -> str:
        return change.by

    @admin.display(description="操作")
    def what(self, change: ConfigChange) -> str:
        return change.action_label

    @admin.display(description="修改前 → 修改后")
    def values(self, change: ConfigChange) -> str:
        before, after = change.before or {}, change.after or {}
        return "；".join(
            f"{key}：{before.get(key, '—')} → {after.get(key, '—')}"
            for key in sorted(before.keys() | after.keys())
            if key != "id"
        )[:300]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
