"""`manage.py evaluate_links`: link quality against a gold file, read from the database."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import ClaimLink
from tests.factories import import_seeds

pytestmark = pytest.mark.django_db
GOLD = Path(__file__).resolve().parent.parent / "data" / "seed_links_dev.json"


def evaluate(*args):
    out = io.StringIO()
    call_command("evaluate_links", *map(str, args), stdout=out)
    return out.getvalue()


def figures(output):
    match = re.search(
        r"precision ([\d.]+) \((\d+)/(\d+)\)\s+core recall ([\d.]+) \((\d+)/(\d+)\)", output
    )
    assert match, output
    return match.groups()


def test_prints_precision_recall_f1_and_segmentation_checks():
    story, _ = import_seeds()
    output = evaluate(GOLD)
    _, _, found, _, _, core = figures(output)
    assert int(found) == len(
        {
            frozenset(pair)
            for pair in ClaimLink.objects.filter(relation__in=["agree", "diverge"]).values_list(
                "a__sentence_id", "b__sentence_id"
            )
        }
    )
    assert int(core) > 0
    assert "F1" in output
    assert re.search(r"segmentation checks: (\d+)/\1 passed", output), output
    assert evaluate(GOLD, "--story", story.slug) == output


def test_a_link_an_editor_rejected_is_not_counted():
    import_seeds()
    before = figures(evaluate(GOLD))
    ClaimLink.objects.filter(relation__in=["agree", "diverge"]).update(
        rejected=True, origin="editor"
    )
    after = figures(evaluate(GOLD))
    assert int(before[2]) > 0
    assert after[2] == "0"


def test_imports_nothing_and_explains_missing_articles():
    with pytest.raises(CommandError, match="None of the gold file's articles is imported"):
        evaluate(GOLD)


def test_bad_gold_files_get_a_clear_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    with pytest.raises(CommandError, match="is not valid JSON"):
        evaluate(bad)
    with pytest.raises(CommandError, match="Cannot read"):
        evaluate(tmp_path / "missing.json")
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    with pytest.raises(CommandError, match="has no 'pairs'"):
        evaluate(empty)


def test_prints_how_many_conflicts_the_gold_notes_name_were_shown_as_diverge(tmp_path):
    import_seeds()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for pair in gold["pairs"]:
        pair["note"] = "CONFLICT" if pair["level"] == "core" else "agree"
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    output = evaluate(path)
    _, _, _, _, core_found, _ = figures(output)
    match = re.search(r"conflicts the gold notes name: (\d+)/(\d+) found as diverge", output)
    assert match, output
    assert int(match.group(2)) == int(core_found)
    assert 0 <= int(match.group(1)) <= int(match.group(2))
    assert "agreements the gold notes name" not in output  # weak pairs are not checked
