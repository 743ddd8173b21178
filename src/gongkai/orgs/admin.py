from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gongkai.core.admin import RoleAdminMixin

from .models import Membership, Unit, User
from .services import unit_save


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
