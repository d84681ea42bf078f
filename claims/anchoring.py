"""Keep editorial work when an article is re-imported with a changed text.

    report = carry_over(old=previous_version, new=article)

The importer calls this inside the transaction that saves the new version (with its
claims and links), before it deletes the old version. Every old claim with editorial
state (a status, tags, notes or editor link decisions) is re-anchored to the new claim
with the same text in a sentence with the same text, else to the only new claim with
the same text. What finds no anchor is kept as an `OrphanedEdit` for an editor to see
in the review queue. A claim's history moves with it.

`anchor` is the pure part: plain records in, a mapping out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit


@dataclass(frozen=True)
class Anchor:
    """What identifies a claim across versions of an article's text."""

    id: int
    text: str
    sentence_text: str


@dataclass
class CarryOverReport:
    moved: list[tuple[int, int]] = field(default_factory=list)  # (old claim, new claim)
    orphaned: list[OrphanedEdit] = field(default_factory=list)


def anchor(old: Sequence[Anchor], new: Sequence[Anchor]) -> dict[int, int | None]:
    """Each old claim's new claim: same claim text in the same sentence text, else the only
    new claim with the same text, else None. No new claim takes two old ones."""
    by_both: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_text: dict[str, list[int]] = defaultdict(list)
    for claim in new:
        by_both[(_norm(claim.text), _norm(claim.sentence_text))].append(claim.id)
        by_text[_norm(claim.text)].append(claim.id)
    taken: set[int] = set()
    found: dict[int, int | None] = {}
    for claim in old:
        same_sentence = [
            c for c in by_both[(_norm(claim.text), _norm(claim.sentence_text))] if c not in taken
        ]
        same_text = [c for c in by_text[_norm(claim.text)] if c not in taken]
        choice = (
            same_sentence[0] if same_sentence else same_text[0] if len(same_text) == 1 else None
        )
        if choice is not None:
            taken.add(choice)
        found[claim.id] = choice
    return found


def _norm(text: str) -> str:
    return " ".join(text.split())


@transaction.atomic
def carry_over(*, old: Article, new: Article) -> CarryOverReport:
    """Move the editorial state of `old`'s claims onto `new`'s; see the module docstring."""
    edited = _edited_claims(old)
    report = CarryOverReport()
    if not edited:
        return report
    fresh = list(Claim.objects.filter(article=new).select_related("sentence"))
    mapping = anchor(
        [Anchor(c.pk, c.text, c.sentence.text) for c in edited],
        [Anchor(c.pk, c.text, c.sentence.text) for c in fresh],
    )
    fresh_by_id = {c.pk: c for c in fresh}
    for claim in edited:
        target = mapping[claim.pk]
        if target is None:
            report.orphaned.append(_orphan(claim, new))
        else:
            _move(claim, fresh_by_id[target])
            report.moved.append((claim.pk, target))
    return report


def _edited_claims(article: Article) -> list[Claim]:
    decided = ClaimLink.objects.filter(origin=ClaimLink.Origin.EDITOR)
    ids = set(
        Claim.objects.filter(article=article)
        .filter(
            ~Q(status=Claim.Status.UNREVIEWED)
            | Q(tags__isnull=False)
            | Q(notes__isnull=False)
            | Q(pk__in=decided.values("a_id"))
            | Q(pk__in=decided.values("b_id"))
        )
        .values_list("pk", flat=True)
    )
    return list(
        Claim.objects.filter(pk__in=ids)
        .select_related("sentence")
        .prefetch_related("tags", "notes__author")
        .order_by("start", "pk")
    )


def _move(old: Claim, new: Claim) -> None:
    # The old claim's history becomes the new claim's, so the audit trail goes on.
    Claim.history.filter(id=old.pk).update(id=new.pk)
    tags = list(old.tags.all())
    if tags:
        new.skip_history_when_saving = True  # type: ignore[attr-defined]
        new.tags.add(*tags)
        del new.skip_history_when_saving  # type: ignore[attr-defined]
    # Saved after the tags, so the history record of the move shows them too.
    new.status, new.status_note = old.status, old.status_note
    new.version = old.version + 1
    new._change_reason = "re-anchored after re-import"  # type: ignore[attr-defined]
    new.save(update_fields=["status", "status_note", "version"])
    ClaimNote.objects.filter(claim=old).update(claim=new)
    for link in ClaimLink.objects.touching(old.pk).filter(origin=ClaimLink.Origin.EDITOR):
        other = link.b_id if link.a_id == old.pk else link.a_id
        a, b = sorted((new.pk, other))
        target = ClaimLink.objects.filter(a_id=a, b_id=b).first() or ClaimLink(
            a_id=a, b_id=b, score=link.score, differences=link.differences
        )
        for name in ("relation", "origin", "rejected", "decided_by_id", "decided_at"):
            setattr(target, name, getattr(link, name))
        target.version += 1
        target.updated_at = timezone.now()
        target._change_reason = "re-anchored after re-import"  # type: ignore[attr-defined]
        target.save()


def _orphan(claim: Claim, new: Article) -> OrphanedEdit:
    links = [
        {
            "other": link.b_id if link.a_id == claim.pk else link.a_id,
            "other_text": (link.b if link.a_id == claim.pk else link.a).text,
            "relation": link.relation,
            "rejected": link.rejected,
            "decided_by": link.decided_by.get_username() if link.decided_by else None,
        }
        for link in ClaimLink.objects.touching(claim.pk)
        .filter(origin=ClaimLink.Origin.EDITOR)
        .select_related("a", "b", "decided_by")
    ]
    return OrphanedEdit.objects.create(
        story_id=new.story_id,
        article=new,
        claim_text=claim.text,
        sentence_text=claim.sentence.text,
        status=claim.status,
        status_note=claim.status_note,
        tags=[tag.name for tag in claim.tags.all()],
        notes=[
            {
                "author": note.author.get_username() if note.author else None,
                "created_at": note.created_at.isoformat(),
                "text": note.text,
            }
            for note in claim.notes.all()
        ],
        links=links,
    )
