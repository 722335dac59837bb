"""Issue 16: a password check stronger than Django's common list (zxcvbn), on every path that sets
a password: the CLI, the users page, the password-change form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services.accounts import change_password, create_user

pytestmark = pytest.mark.django_db

# Each passes Django's four validators (12+ characters, not all digits, not in its common list).
GUESSABLE = ["aaaaaaaaaaaa", "abcdefghijkl", "zxcvbnmasdfg", "abc123abc123", "Password2024!", "steadfast2026!"]


@pytest.mark.parametrize("password", GUESSABLE)
def test_createuser_refuses_guessable_passwords(password):
    with pytest.raises(CommandError, match="too easy to guess"):
        call_command("createuser", "weakling", role=Role.AUDITOR, password=password)
    assert not User.objects.filter(username="weakling").exists()


def test_the_reason_is_named_and_a_strong_passphrase_is_accepted():
    with pytest.raises(ValidationError) as error:
        create_user(actor=None, username="rep", role=Role.AUDITOR, password="aaaaaaaaaaaa")
    assert 'Repeats like "aaa"' in " ".join(error.value.messages)
    assert create_user(actor=None, username="rep", role=Role.AUDITOR, password="tundra-violin-pebble-58").pk


def test_the_minimum_score_is_a_setting(settings):
    settings.STEADFAST_PASSWORD_MIN_SCORE = 0
    assert create_user(actor=None, username="lenient", role=Role.AUDITOR, password="iloveyou1234").pk


def test_changing_a_password_to_a_guessable_one_is_refused(make_user, user_password):
    user = make_user(Role.AUDITOR)
    with pytest.raises(ValidationError):
        change_password(actor=user, user=user, password="abcdefghijkl")
    client = Client()
    client.force_login(user)
    page = client.post("/accounts/password/", {"old_password": user_password, "new_password1": "iloveyou1234",
                                               "new_password2": "iloveyou1234"})
    assert page.status_code == 200 and b"too easy to guess" in page.content
    user.refresh_from_db()
    assert user.check_password(user_password)


def test_the_users_page_refuses_a_guessable_password(role_users):
    client = Client()
    client.force_login(role_users[Role.ADMINISTRATOR])
    page = client.post("/users/", {"username": "newhire", "role": "auditor", "password": "aaaaaaaaaaaa", "email": ""})
    assert b"too easy to guess" in page.content
    assert not User.objects.filter(username="newhire").exists()
