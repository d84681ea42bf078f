"""The three roles, as Django groups, and what each may do.

Used by the data migration that creates the groups and by `create_demo_users`.
"""

from __future__ import annotations

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
