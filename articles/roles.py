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
# Issue 5, granted by articles/0003: readers see tags, notes and history; editors tag,
# review, link and annotate; admins also manage tags.
_EDITORIAL_READ = ["claims.view_tag", "claims.view_claimnote"]
_EDITORIAL = ["claims.edit_claims", "claims.review_links", "claims.add_claimnote"]
_EDITORIAL_ADMIN = [
    "claims.manage_tags",
    *(
        f"claims.{action}_{model}"
        for model in ("tag", "claimnote")
        for action in ("add", "change", "delete")
    ),
]
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
    READER: _READ + _EDITORIAL_READ,
    EDITOR: _READ + _EDIT + _EDITORIAL_READ + _EDITORIAL,
    ADMIN: sorted(set(_READ + _EDIT + _ADMIN + _EDITORIAL_READ + _EDITORIAL + _EDITORIAL_ADMIN)),
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
        # In a migration (historical models), permissions of models a later migration adds
        # do not exist yet: that migration syncs the roles again (articles/0003).
        if missing and permission_model.__module__ != "__fake__":
            raise LookupError(f"permissions missing for role {role}: {sorted(missing)}")
        group.permissions.set(permissions)
