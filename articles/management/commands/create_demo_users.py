"""Create one demo user per role (reader, editor, admin) and print how to log in.

Safe to run again: existing demo users get their role and password back.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.roles import ADMIN, ROLES


class Command(BaseCommand):
    help = "Create demo users 'reader', 'editor' and 'admin' (for local use only)."

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        self.stdout.write("Demo users (local use only):")
        for role in ROLES:
            password = os.environ.get(
                f"NEWSDESK_DEMO_{role.upper()}_PASSWORD", f"{role}-newsdesk-demo"
            )
            user, _ = User.objects.get_or_create(username=role)
            user.set_password(password)
            user.is_staff = role == ADMIN
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<7} username: {role:<7} password: {password}")
