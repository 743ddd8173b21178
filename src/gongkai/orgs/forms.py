"""The login forms, which say why a login must wait instead of "wrong password"."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import LoginThrottle


def refusal(throttle: LoginThrottle) -> str:
    until = timezone.localtime(throttle.blocked_until)
    if throttle.locked:
        return (
            f"因多次输入错误的密码，登录已被锁定至 {until:%H:%M}。如需提前解锁，请联系政务公开办。"
        )
    return f"密码错误次数较多，请于 {until:%H:%M:%S} 之后再试。"


class _Throttled:
    def get_invalid_login_error(self) -> ValidationError:
        throttle = getattr(self.request, "login_blocked", None)
        if throttle is None:
            return super().get_invalid_login_error()
        return ValidationError(refusal(throttle), code="throttled")


class LoginForm(_Throttled, AuthenticationForm):
    pass


class AdminLoginForm(_Throttled, AdminAuthenticationForm):
    pass
