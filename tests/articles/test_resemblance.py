"""Story suggestion: which existing story new articles resemble most."""

import pytest

from articles import import_jobs
from articles.resemblance import MIN_SCORE, profile, rank
from tests.factories import import_seeds, make_story

VISIT = (
    "Russian President Vladimir Putin arrived in Harbin on Friday, the second day of his "
    "state visit to China, after talks with Xi Jinping in Beijing."
)
FIRE = "A fire broke out at the harbor warehouses on Monday; firefighters fought it all night."
FLOOD = "The river burst its banks in Dresden, and the city council ordered evacuations."


def test_names_weigh_more_than_common_words():
    words = profile(["Officials met Putin in Harbin on Friday."])
    assert words.weights[next(t for t, s in words.surfaces.items() if s == "Putin")] == 2.0
    assert words.weights[next(t for t, s in words.surfaces.items() if s == "met")] == 1.0
    # Sentence-initial capitals are not names.
    assert words.weights[next(t for t, s in words.surfaces.items() if s == "Officials")] == 1.0


def test_the_story_on_the_same_event_ranks_first_with_the_shared_words():
    fire = profile([FIRE, "The harbor fire destroyed three warehouses."])
    stories = {1: fire, 2: profile([VISIT])}
    best, *rest = rank(profile(["Putin and Xi Jinping met in Beijing on Thursday."]), stories)
    assert best.story_id == 2
    assert best.score >= MIN_SCORE
    assert "Putin" in best.shared
    assert all(other.score < best.score for other in rest)


def test_nothing_in_common_ranks_nothing():
    assert rank(profile([FLOOD]), {1: profile([VISIT])}) == []
    assert rank(profile([]), {1: profile([VISIT])}) == []
    assert rank(profile([FLOOD]), {}) == []


@pytest.mark.django_db
def test_story_profiles_take_a_fixed_number_of_queries(django_assert_num_queries):
    import_seeds()
    for number in range(3):
        make_story(2, 3 + number, title=f"Synthetic {number}")
    with django_assert_num_queries(3):
        profiles = import_jobs._story_profiles()
    assert len(profiles) == 4


@pytest.mark.django_db
def test_story_profiles_read_only_the_openings_of_the_newest_articles(monkeypatch):
    monkeypatch.setattr(import_jobs, "SUGGEST_ARTICLES", 1)
    monkeypatch.setattr(import_jobs, "SUGGEST_SENTENCES", 2)
    make_story(3, 6, title="Summit")
    [summit] = import_jobs._story_profiles().values()
    words = set(summit.surfaces.values())
    assert {"delegates", "Harbin", "Beijing"} <= words  # the opening sentences
    assert "correspondent" not in words  # the last sentence
    assert "Kazan" not in words  # the fourth sentence
