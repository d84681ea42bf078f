"""Small helpers that make test data."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group, User

from articles.importing import ImportReport, import_articles
from articles.models import Story

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def make_user(role: str | None = "reader", username: str | None = None) -> User:
    user = User.objects.create_user(username=username or role or "nobody", password="pw-for-tests")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def import_seeds(story: str = "Putin in China") -> tuple[Story, ImportReport]:
    report = import_articles(paths=[SEEDS], story=story)
    return Story.objects.get(slug=report.stories[0]), report


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
