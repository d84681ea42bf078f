"""A claim's editorial history, read from django-simple-history and the notes.

One entry per change: who, when, what, and the values before and after. The automatic
state (as imported and linked) is the "before" of the first change; changes nobody made
(re-linking removing automatic links) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from claims.models import Claim, ClaimLink

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    before: str
    after: str


def claim_history(claim: Claim) -> list[Change]:
    """Every editorial change to `claim`, its links and its notes, newest first (5 queries)."""
    changes = [
        *_claim_changes(list(claim.history.select_related("history_user").order_by("history_id"))),
        *_link_changes(
            claim,
            ClaimLink.history.filter(Q(a_id=claim.pk) | Q(b_id=claim.pk))
            .select_related("history_user")
            .order_by("history_id"),
        ),
        *(
            Change(note.created_at, _name(note.author), "note added", EMPTY, note.text)
            for note in claim.notes.select_related("author")
        ),
    ]
    return sorted(changes, key=lambda c: c.when, reverse=True)


def _claim_changes(records: Sequence[Any]) -> list[Change]:
    # The tags each history record saw, from simple-history's table of m2m snapshots.
    snapshots = Claim.history.model._meta.get_field("historicalclaim_tags").related_model
    tags: dict[int, list[str]] = defaultdict(list)
    for history_id, name in (
        snapshots._default_manager.filter(history__in=[r.history_id for r in records])
        .exclude(tag=None)
        .values_list("history_id", "tag__name")
    ):
        tags[history_id].append(name)
    changes: list[Change] = []
    before: dict[str, str] = {
        "status": Claim.Status.UNREVIEWED.label,
        "review note": "",
        "tags": "",
    }
    for record in records:
        now = {
            "status": Claim.Status(record.status).label,
            "review note": record.status_note,
            "tags": ", ".join(sorted(tags[record.history_id])),
        }
        if record.history_user is not None:
            changes.extend(
                Change(
                    record.history_date,
                    _name(record.history_user),
                    field,
                    old or EMPTY,
                    new or EMPTY,
                )
                for field, old, new in _differences(before, now)
            )
        before = now
    return changes


def _link_changes(claim: Claim, records: Sequence[Any]) -> list[Change]:
    others = {r.b_id if r.a_id == claim.pk else r.a_id for r in records}
    labels = {
        c.pk: f"“{_short(c.text)}” ({c.article.label})"
        for c in Claim.objects.filter(pk__in=others).select_related("article__outlet")
    }
    changes = []
    state: dict[int, str] = {}
    for record in records:
        now = EMPTY if record.history_type == "-" else _link_state(record)
        if record.history_user is not None:
            other = record.b_id if record.a_id == claim.pk else record.a_id
            what = f"link with {labels.get(other, f'claim {other}')}"
            changes.append(
                Change(
                    record.history_date,
                    _name(record.history_user),
                    what,
                    state.get(record.id, EMPTY),
                    now,
                )
            )
        state[record.id] = now
    return changes


def _link_state(record: Any) -> str:
    if record.rejected:
        return "rejected"
    relation = ClaimLink.Relation(record.relation).label
    origin = "automatic" if record.origin == ClaimLink.Origin.AUTO else "editor"
    return f"{relation} ({origin})"


def _differences(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    return [
        (field, before[field], after[field]) for field in after if before[field] != after[field]
    ]


def _name(user: Any) -> str:
    return user.get_username() if user is not None else "someone (account deleted)"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
