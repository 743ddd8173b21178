from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles


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
