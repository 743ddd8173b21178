from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, Role, Unit, User
from .permissions import roles
from .services import unit_save


class RoleAdminMixin:
    """The Django admin is configuration: open to platform admins, through the one role layer."""

    def _is_admin(self, request) -> bool:
        return Role.ADMIN in roles(request.user)

    def has_module_permission(self, request) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)


@admin.register(Unit)
class UnitAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj)


class MembershipInline(RoleAdminMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    list_display = ["username", "display_name", "email", "is_active"]
    search_fields = ["username", "display_name", "email"]
    inlines = [MembershipInline]
    readonly_fields = ["last_login"]
