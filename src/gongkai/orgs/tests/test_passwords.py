"""Staff passwords: at least 12 characters, not common, not all digits, not the user's name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.demo import loader
from gongkai.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "mingtian-go",  # 11 characters
        "password1234",  # on the list of common passwords
        "314159265358979",  # digits only
        "zhangsanfeng1",  # the username itself, nearly
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="zhangsanfeng"))


@pytest.mark.parametrize("username", [u for u, *_ in loader.USERS])
def test_the_demo_password_still_passes(username):
    validate_password(loader.PASSWORD, User(username=username))


def test_the_admin_refuses_a_short_password_for_a_new_user(client, district):
    client.force_login(district.users["admin"])
    form = {
        "username": "newstaff",
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    weak = {**form, "password1": "mingtian-go", "password2": "mingtian-go"}
    response = client.post("/admin/orgs/user/add/", weak)
    assert response.status_code == 200 and "密码必须包含至少 12 个字符" in response.content.decode()
    assert not User.objects.filter(username="newstaff").exists()
    strong = {**form, "password1": "mingtian-qu-1", "password2": "mingtian-qu-1"}
    response = client.post("/admin/orgs/user/add/", strong)
    assert response.status_code == 302 and User.objects.filter(username="newstaff").exists()
