"""Roles as groups, and the demo users `make run` creates."""

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_migrations_create_the_three_roles_with_growing_permissions():
    perms = {g.name: {p.codename for p in g.permissions.all()} for g in Group.objects.all()}
    assert set(perms) == {"reader", "editor", "admin"}
    assert "view_story" in perms["reader"]
    assert "change_claimlink" not in perms["reader"]
    assert perms["reader"] < perms["editor"] < perms["admin"]
    assert "add_article" in perms["admin"]


def test_demo_users_are_created_once_and_can_log_in():
    for _ in range(2):
        out = io.StringIO()
        call_command("create_demo_users", stdout=out)
    assert User.objects.count() == 3
    for role in ("reader", "editor", "admin"):
        assert f"password: {role}-newsdesk-demo" in out.getvalue()
        user = authenticate(username=role, password=f"{role}-newsdesk-demo")
        assert user is not None
        assert list(user.groups.values_list("name", flat=True)) == [role]
    assert User.objects.get(username="admin").is_staff
    assert not User.objects.get(username="editor").is_staff
