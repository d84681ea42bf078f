"""The three roles, as Django groups, and what each may do.

Used by the data migration that creates the groups and by `create_demo_users`.
"""

from __future__ import annotations

from typing import Any

READER = "reader"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (READER, EDITOR, ADMIN)

_READ = [
    "articles.view_outlet",
    "articles.view_story",
    "articles.view_article",
    "articles.view_sentence",
    "claims.view_claim",
    "claims.view_claimlink",
]
_EDIT = ["claims.add_claimlink", "claims.change_claimlink", "claims.change_claim"]
_ADMIN = [
    f"{app}.{action}_{model}"
    for app, models in {
        "articles": ["outlet", "story", "article", "sentence"],
        "claims": ["claim", "claimlink"],
        "auth": ["user", "group"],
    }.items()
    for model in models
    for action in ("add", "change", "delete", "view")
]

PERMISSIONS: dict[str, list[str]] = {
    READER: _READ,
    EDITOR: _READ + _EDIT,
    ADMIN: sorted(set(_READ + _EDIT + _ADMIN)),
}


def sync_roles(group_model: Any, permission_model: Any) -> None:
    """Create the role groups and give each exactly its permissions.

    Takes the models as arguments so data migrations can pass their historical ones.
    """
    for role, dotted in PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = {tuple(name.split(".")) for name in dotted}
        permissions = [
            p
            for p in permission_model.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise LookupError(f"permissions missing for role {role}: {sorted(missing)}")
        group.permissions.set(permissions)
