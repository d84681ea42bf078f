"""Editorial workflows: tag, review and annotate claims; confirm, reject, relate and make links.

    claim = set_status(claim_id=12, status="disputed", note="", version=3, user=editor)

Views, the admin and the tests call these functions, never the models directly, so every
change runs in one transaction, locks the row it changes, and leaves a history record
(django-simple-history) naming the user. Claims and links carry a `version`: an edit made
on a stale version raises `StaleEdit` instead of silently overwriting what another editor
did meanwhile. Adding or removing a tag, adding a note and making a link by hand cannot
lose anyone's update, so they need no version. A tag change still counts as a new version
of the claim (pages showing the claim are cached by it), but it does not make a review
status chosen on the version before stale: the status the editor saw is still the
current one, so setting it loses nothing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag

TAG_NAME_MAX = 40
TAG_DESCRIPTION_MAX = 200
NOTE_MAX = 2000
TAG_NAME = re.compile(r"^\w[\w -]*$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Editor-made links have no automatic score; they count as certain.
MANUAL_SCORE = 1.0


class EditError(Exception):
    """An edit that cannot be made as asked; the message is for the user."""


class StaleEdit(EditError):
    """The object changed since the editor loaded it; `current` holds what it is now."""

    def __init__(self, current: Claim | ClaimLink, changed_by: str) -> None:
        self.current = current
        self.changed_by = changed_by
        super().__init__(
            f"Changed by {changed_by} meanwhile; your change was not saved. "
            "The current values are shown: check them and apply your change again."
        )


class Decision(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"
    AGREE = "agree"
    DIVERGE = "diverge"
    RELATED = "related"


@transaction.atomic
def add_tag(*, claim_id: int, tag_id: int, user: User) -> Claim:
    claim = _lock(Claim, claim_id)
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise EditError("That tag does not exist (any more).")
    if claim.tags.filter(pk=tag.pk).exists():
        return claim
    _baseline(claim)
    _bump(claim)
    _attribute(claim, user, f"tag {tag.name} added")
    claim.tags.add(tag)  # the m2m signal writes the history record, tags included
    return claim


@transaction.atomic
def remove_tag(*, claim_id: int, tag_id: int, user: User) -> Claim:
    claim = _lock(Claim, claim_id)
    tag = claim.tags.filter(pk=tag_id).first()
    if tag is None:
        return claim
    _baseline(claim)
    _bump(claim)
    _attribute(claim, user, f"tag {tag.name} removed")
    claim.tags.remove(tag)
    return claim


@transaction.atomic
def set_status(*, claim_id: int, status: str, note: str, version: int, user: User) -> Claim:
    """Set the review status (and its optional note) the editor chose on `version`."""
    if status not in Claim.Status.values:
        raise EditError(f"Unknown review status “{status}”.")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise EditError(f"The note is too long: at most {NOTE_MAX} characters.")
    claim = _lock(Claim, claim_id)
    _check_status(claim, version)
    if (claim.status, claim.status_note) == (status, note):
        return claim
    _baseline(claim)
    claim.status, claim.status_note = status, note
    claim.version += 1
    _attribute(claim, user, "review status")
    claim.save(update_fields=["status", "status_note", "version"])
    return claim


@transaction.atomic
def add_note(*, claim_id: int, text: str, user: User) -> ClaimNote:
    text = text.strip()
    if not text:
        raise EditError("The note is empty.")
    if len(text) > NOTE_MAX:
        raise EditError(f"The note is too long: at most {NOTE_MAX} characters.")
    claim = _lock(Claim, claim_id)
    return ClaimNote.objects.create(claim=claim, author=user, text=text)


@transaction.atomic
def decide_link(*, link_id: int, decision: Decision | str, version: int, user: User) -> ClaimLink:
    """Confirm, reject or re-relate a link; the link becomes an editor decision for good."""
    try:
        decision = Decision(decision)
    except ValueError:
        raise EditError(f"Unknown decision “{decision}”.") from None
    link = _lock(ClaimLink, link_id)
    _check(link, version)
    _baseline(link)
    link.origin = ClaimLink.Origin.EDITOR
    link.rejected = decision is Decision.REJECT
    if decision not in (Decision.CONFIRM, Decision.REJECT):
        link.relation = decision.value
    _decided(link, user, decision.value)
    link.save()
    return link


@transaction.atomic
def link_claims(*, claim_id: int, other_id: int, relation: str, user: User) -> ClaimLink:
    """Link two claims of different articles of one story by hand (or restore a rejected link)."""
    if relation not in ClaimLink.Relation.values:
        raise EditError(f"Unknown relation “{relation}”.")
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=[claim_id, other_id])}
    if claim_id == other_id or len(claims) != 2:
        raise EditError("Choose another claim to link to.")
    a, b = (claims[pk] for pk in sorted(claims))
    if a.article_id == b.article_id:
        raise EditError("Both claims are in the same article; link claims of different articles.")
    stories = dict(Claim.objects.filter(pk__in=claims).values_list("pk", "article__story_id"))
    if len(set(stories.values())) != 1:
        raise EditError("Both claims must belong to the same story.")
    link = ClaimLink.objects.select_for_update().filter(a=a, b=b).first()
    if link is None:
        link = ClaimLink(a=a, b=b, score=MANUAL_SCORE, differences=[])
    else:
        _baseline(link)
    link.origin = ClaimLink.Origin.EDITOR
    link.rejected = False
    link.relation = relation
    _decided(link, user, "linked by hand")
    link.save()
    return link


@transaction.atomic
def create_tag(*, name: str, colour: str, description: str, user: User) -> Tag:
    tag = Tag()
    _fill_tag(tag, name=name, colour=colour, description=description)
    _attribute(tag, user, "tag created")
    tag.save()
    return tag


@transaction.atomic
def update_tag(*, tag_id: int, name: str, colour: str, description: str, user: User) -> Tag:
    """Rename, recolour or re-describe a tag; the claims that carry it keep it."""
    tag = _lock(Tag, tag_id)
    before = (tag.name, tag.colour, tag.description)
    _fill_tag(tag, name=name, colour=colour, description=description)
    if (tag.name, tag.colour, tag.description) == before:
        return tag
    _attribute(tag, user, f"tag {before[0]} changed" if tag.name == before[0] else "tag renamed")
    tag.save()
    return tag


def _fill_tag(tag: Tag, *, name: str, colour: str, description: str) -> None:
    """Check a tag's fields as an editor typed them and set them on `tag`."""
    name = " ".join(name.split())
    description = description.strip()
    if not name:
        raise EditError("A tag needs a name.")
    if len(name) > TAG_NAME_MAX:
        raise EditError(f"The tag name is too long: at most {TAG_NAME_MAX} characters.")
    if not TAG_NAME.match(name):
        raise EditError("Tag names use letters, digits, spaces and hyphens only.")
    if not COLOUR.match(colour):
        raise EditError("The colour must look like #1a2b3c.")
    if len(description) > TAG_DESCRIPTION_MAX:
        raise EditError(f"The description is too long: at most {TAG_DESCRIPTION_MAX} characters.")
    if Tag.objects.filter(name__iexact=name).exclude(pk=tag.pk).exists():
        raise EditError(f"A tag “{name}” already exists.")
    tag.name, tag.colour, tag.description = name, colour.lower(), description


@transaction.atomic
def resolve_orphan(*, orphan_id: int, user: User) -> OrphanedEdit:
    """An editor has re-done or dismissed what a re-import orphaned; it leaves the list."""
    orphan = _lock(OrphanedEdit, orphan_id)
    if orphan.resolved_at is None:
        orphan.resolved_by, orphan.resolved_at = user, timezone.now()
        orphan.save(update_fields=["resolved_by", "resolved_at"])
    return orphan


def last_editor(obj: Claim | ClaimLink) -> str:
    """Who made the latest recorded change to `obj`."""
    record = obj.history.select_related("history_user").order_by("-history_id").first()
    user = record.history_user if record else None
    return user.get_username() if user else "someone"


def _lock[M: Model](model: type[M], pk: int) -> M:
    found = model._default_manager.select_for_update().filter(pk=pk).first()
    if found is None:
        raise EditError(f"That {model._meta.verbose_name} does not exist (any more).")
    return found


def _check(obj: Claim | ClaimLink, version: int) -> None:
    if obj.version != version:
        raise StaleEdit(obj, last_editor(obj))


def _check_status(claim: Claim, version: int) -> None:
    """Refuse a review status chosen on `version` if the status or its note changed since.

    Changes of other kinds (tags) leave what the editor saw as it is, so they do not
    make the edit stale.
    """
    if claim.version == version:
        return
    seen = claim.history.filter(version=version).order_by("-history_id").first()
    if seen is None or (seen.status, seen.status_note) != (claim.status, claim.status_note):
        raise StaleEdit(claim, last_editor(claim))


def _bump(claim: Claim) -> None:
    """Count a tag change as a new version without a history record of its own."""
    claim.version += 1
    claim.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        claim.save(update_fields=["version"])
    finally:
        del claim.skip_history_when_saving  # type: ignore[attr-defined]


def _decided(link: ClaimLink, user: User, reason: str) -> None:
    now = timezone.now()
    link.decided_by = user
    link.decided_at = now
    link.updated_at = now
    link.version += 1
    _attribute(link, user, reason)


def _attribute(obj: Model, user: User, reason: str) -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]


def _baseline(obj: Claim | ClaimLink) -> None:
    """Record the automatic state before the first editorial change, so that change has a
    "before". Import and linking write in bulk and leave no history of their own."""
    if obj.history.exists():
        return
    history = obj.history.model
    values: dict[str, Any] = {f.attname: getattr(obj, f.attname) for f in history.tracked_fields}
    history.objects.create(
        history_date=timezone.now(),
        history_type="+",
        history_user=None,
        history_change_reason="automatic",
        **values,
    )
