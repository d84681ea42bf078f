"""Claim extraction: claims per sentence, offsets, and the features comparison needs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy

import articles.nlp  # noqa: F401  (registers news_sentence_fixes)
from articles.segmentation import Kind, segment
from claims.extraction import ClaimData, extract_claims, extract_many, normalise_word
from claims.lexicon import SYNONYM_SETS
from claims.terms import claim_terms

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FRIDAY = dt.date(2024, 5, 17)


def only(sentence: str, **kwargs: object) -> ClaimData:
    claims = extract_claims(sentence, **kwargs)  # type: ignore[arg-type]
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def test_claim_offsets_point_into_the_article_text() -> None:
    article = "Headline\n\nThe council approved the plan on Monday, officials said."
    start = article.index("The council")
    sentence = article[start:]
    claim = only(sentence, offset=start)
    assert article[claim.start : claim.end] == claim.text
    assert claim.text.startswith("The council approved")


def test_compound_sentence_with_two_independent_facts_yields_two_claims() -> None:
    sentence = (
        "Xi and Putin have a long-standing agreement to visit each other's countries once a "
        "year, and Xi was welcomed at the Kremlin last year."
    )
    claims = extract_claims(sentence, offset=100)
    assert [c.text for c in claims] == [
        "Xi and Putin have a long-standing agreement to visit each other's countries once a year",
        "Xi was welcomed at the Kremlin last year.",
    ]
    assert all(sentence[c.start - 100 : c.end - 100] == c.text for c in claims)


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        (
            "Gisborne Airport remained open and was being used by air force planes.",
            ["Gisborne Airport remained open", "was being used by air force planes."],
        ),
        (
            "Shares dropped 4.5% on Wednesday and have not recovered since.",
            ["Shares dropped 4.5% on Wednesday", "have not recovered since."],
        ),
        # No verb before "and": a list of subjects, one claim.
        (
            "Xi and Putin have met more than forty times.",
            ["Xi and Putin have met more than forty times."],
        ),
    ],
)
def test_a_second_predicate_of_the_same_subject_is_a_claim_of_its_own(
    sentence: str, texts: list[str]
) -> None:
    assert [c.text for c in extract_claims(sentence)] == texts


def test_a_clause_opened_by_a_plain_noun_and_its_verb_is_a_claim_of_its_own() -> None:
    sentence = (
        "Civil Defence lifted its tsunami warning at 9.20am, but people are being asked to "
        "stay off beaches for now."
    )
    assert [c.text for c in extract_claims(sentence)] == [
        "Civil Defence lifted its tsunami warning at 9.20am",
        "people are being asked to stay off beaches for now.",
    ]
    # A noun without a verb of its own continues the list.
    assert len(extract_claims("The storm cut power to homes, and water supplies to farms.")) == 1


def test_a_record_in_apposition_is_a_claim_of_its_own() -> None:
    sentence = (
        "The authority fined Korvex EUR 1.2 billion on Wednesday, the largest penalty the "
        "regulator has ever imposed."
    )
    assert [c.text for c in extract_claims(sentence)] == [
        "The authority fined Korvex EUR 1.2 billion on Wednesday",
        "the largest penalty the regulator has ever imposed.",
    ]
    visit = "Hakimi made a state visit to Brevnik last October, the first by a leader in 14 years."
    assert len(extract_claims(visit)) == 2
    # An apposition that is no record stays with its noun.
    assert len(extract_claims("Putin met Xi in Beijing, the capital of China.")) == 1


def test_list_continuation_after_and_is_not_a_new_claim() -> None:
    sentence = (
        "They praised their friendship, and a strategic partnership that has been described as "
        "having no limits."
    )
    assert len(extract_claims(sentence)) == 1


def test_quoted_speech_is_not_split_and_keeps_its_speaker() -> None:
    sentence = "“We are ready, and we will act,” Hong said."
    claim = only(sentence)
    assert claim.features["quotes"][0]["text"] == "We are ready, and we will act,"
    assert claim.features["quotes"][0]["speaker"] == "Hong"
    assert claim.features["attribution"] == ["Hong"]


def test_questions_and_fragments_yield_no_claims() -> None:
    assert extract_claims("Will the ceasefire hold?") == []
    assert extract_claims("Desperate times.") == []


def test_features_survive_a_json_round_trip() -> None:
    claim = only(
        "According to CNN, 2,400 homes were reportedly destroyed in Sino-Russian border towns "
        "on Friday at 3 p.m. GMT, not 1,200.",
        published=FRIDAY,
    )
    assert json.loads(json.dumps(claim.features)) == claim.features


def test_country_adjectives_and_combining_forms_read_as_the_country() -> None:
    expo = only("Putin spoke at the 8th Sino-Russian Expo in Harbin.")
    fair = only("Putin visited a China-Russia trade fair in Harbin.")
    assert {"china", "russia"} <= set(expo.features["terms"])
    assert {"china", "russia"} <= set(fair.features["terms"])
    assert normalise_word("chinese") == normalise_word("sino") == "china"
    assert normalise_word("exhibition") == normalise_word("expo")


@pytest.mark.parametrize(
    ("form", "base"),
    [
        ("took", "take"),
        ("taken", "taking"),
        ("chosen", "choose"),
        ("built", "building"),
        ("began", "start"),
        ("fled", "flee"),
        ("held", "hold"),
        ("won", "wins"),
        ("ate", "eating"),
    ],
)
def test_irregular_past_forms_read_as_their_verb(form: str, base: str) -> None:
    assert normalise_word(form) == normalise_word(base) != ""


def test_irregular_forms_that_are_mostly_other_words_keep_their_own_reading() -> None:
    # "the left engine", "bound for Bali", "the Fed": not "leave", "bind", "feed".
    assert normalise_word("left") != normalise_word("leave")
    assert normalise_word("bound") != normalise_word("bind")
    assert normalise_word("fed") != normalise_word("feed")
    # A form whose verb is a function word is one too ("as shown", like "as show").
    assert normalise_word("shown") == normalise_word("show") == ""


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("The committee voted 5-2 for the rise.", ["5-2"]),
        ("The vote was 6–1.", ["6–1"]),
        ("It split by five votes to two.", ["five votes to two"]),
        # A range counts what follows it; it is no vote.
        ("Between 5-7 people were hurt.", ["5", "7"]),
        ("One in five residents has left.", ["One in five"]),
        ("He won 5 in 2023.", ["5"]),
    ],
)
def test_votes_scores_and_shares_said_as_so_many_in_so_many(
    sentence: str, texts: list[str]
) -> None:
    [claim] = extract_claims(sentence, published=FRIDAY)
    assert [number["text"] for number in claim.features["numbers"]] == texts


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("shut", "closed"),
        ("concession", "conceded"),
        ("hike", "increase"),
        ("cpi", "inflation"),
        # In the news a mine is a pit far more often than a pronoun.
        ("mine", "mines"),
    ],
)
def test_words_outlets_use_interchangeably_read_alike(a: str, b: str) -> None:
    assert normalise_word(a) == normalise_word(b) != ""


def test_people_who_left_their_homes_are_displaced() -> None:
    [claim] = extract_claims("Forty thousand people have now left their homes.")
    assert normalise_word("displaced") in claim.features["terms"]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # A relative clause inside the sentence: its verb goes on after it.
        (
            "Shares in Kestrel Reef, which is listed in Johannesburg, were down 6.2% on Monday.",
            ["Shares in Kestrel Reef, which is listed in Johannesburg, were down 6.2% on Monday."],
        ),
        # One that ends the sentence adds a fact of its own.
        (
            "Police closed the coastal road, which runs along the river to the port.",
            ["Police closed the coastal road", "which runs along the river to the port."],
        ),
    ],
)
def test_a_relative_clause_is_a_claim_of_its_own_only_at_the_end(
    sentence: str, claims: list[str]
) -> None:
    assert [claim.text for claim in extract_claims(sentence)] == claims


def test_a_quote_s_today_or_tonight_is_left_unresolved() -> None:
    [claim] = extract_claims(
        '"Tonight I accept the verdict," Brekke told supporters on Sunday, and he left.',
        published=dt.date(2025, 9, 15),
    )
    tonight, sunday = claim.features["dates"]
    assert (tonight["relative"], tonight["key"]) == ("tonight", None)
    assert sunday["key"] == "2025-09-14"


def test_each_synonym_set_is_a_concept_of_its_own() -> None:
    concepts = [{normalise_word(word) for word in group} for group in SYNONYM_SETS]
    # Each set's own words read as one concept, and no two sets share it.
    assert all(len(concept) == 1 for concept in concepts)
    assert len({min(concept) for concept in concepts}) == len(SYNONYM_SETS)
    # "buildings" (homes) stems like "build" (construct): a listed word keeps its set.
    assert normalise_word("build") == normalise_word("construct") != normalise_word("homes")


def test_seat_of_government_also_reads_as_its_city() -> None:
    claim = only("Xi was welcomed at the Kremlin last year.")
    kremlin = next(e for e in claim.features["entities"] if e["key"] == "kremlin")
    assert "moscow" in kremlin["parts"]


def test_titles_are_dropped_from_name_parts() -> None:
    claim = only("Russian President Vladimir Putin arrived in Beijing.")
    parts = {p for e in claim.features["entities"] for p in e["parts"]}
    assert {"putin", "vladimir", "russia", "beijing"} <= parts
    assert "president" not in parts


def test_a_word_capitalised_only_to_open_a_sentence_is_no_name() -> None:
    article = [
        "Search teams are still looking for 7 people.",
        "Seven people remained unaccounted for, police said.",
        "Police said the search would go on overnight.",
        "Gisborne Hospital treated 40 patients.",
        "Putin arrived in Harbin.",
    ]
    offsets = [sum(len(s) + 1 for s in article[:i]) for i in range(len(article))]
    claims = extract_many(list(zip(article, offsets, strict=True)))
    names = [{e["text"] for c in found for e in c.features["entities"]} for found in claims]
    assert names == [set(), set(), set(), {"Gisborne Hospital"}, {"Putin", "Harbin"}]
    # The number word still reads as its value.
    assert "#7" in claims[1][0].features["terms"]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "base", "counts"),
    [
        ("He announced a school for 1,500 students.", "1,500", 1500, 1500, "student"),
        ("The firm will cut 2.5 million jobs.", "2.5 million", 2_500_000, 2_500_000, "job"),
        ("Seven climbers reached the summit.", "Seven", 7, 7, "climber"),
        ("The wave was 9.8 ft high at the harbour.", "9.8 ft", 9.8, 2.98704, "high"),
        ("It borrowed $3bn from its lenders.", "$3bn", 3_000_000_000, 3_000_000_000, "borrow"),
        ("Twenty-five people were hurt in the blast.", "Twenty-five", 25, 25, "peopl"),
    ],
)
def test_numbers_are_read_as_values_with_units_and_what_they_count(
    sentence: str, text: str, value: float, base: float, counts: str
) -> None:
    number = only(sentence).features["numbers"][0]
    assert number["text"] == text
    assert number["value"] == value
    assert number["base"] == pytest.approx(base)
    if counts != "borrow":
        assert number["counts"] == normalise_word(counts) or number["counts"].startswith(counts)


def test_ordinals_and_approximate_numbers_are_marked() -> None:
    numbers = only("It was Putin's fifth term and about 40 people attended.").features["numbers"]
    assert numbers[0]["ordinal"]
    assert numbers[0]["value"] == 5
    assert numbers[1]["approx"]
    assert numbers[1]["value"] == 40


def test_number_words_and_digits_share_a_norm() -> None:
    words = only("Seven climbers reached the summit.").features["terms"]
    digits = only("7 climbers reached the summit.").features["terms"]
    assert words == digits
    assert (
        only("2,400 homes burned down.").features["terms"]
        == only("2400 homes burned down.").features["terms"]
    )


def test_dates_resolve_against_the_publication_date() -> None:
    features = only(
        "The ministers met on Friday, a year after talks in May 2023 and last year's summit "
        "on 3 March.",
        published=dt.date(2024, 5, 18),
    ).features
    keys = {(d["grain"], d["key"]) for d in features["dates"]}
    assert ("day", "2024-05-17") in keys
    assert ("month", "2023-05") in keys
    assert ("day", "2024-03-03") in keys


@pytest.mark.parametrize(
    ("sentence", "published", "key"),
    [
        # A month just ahead is the coming one, across the new year too.
        ("The union will announce strike dates in November.", dt.date(2025, 10, 14), "2025-11"),
        ("The talks resume on Jan. 5.", dt.date(2025, 12, 20), "2026-01-05"),
        # Otherwise the last one.
        ("He was re-elected in March.", dt.date(2025, 10, 14), "2025-03"),
        ("The plant opened in December.", dt.date(2025, 5, 14), "2024-12"),
        ("The plant opened on Dec. 3.", dt.date(2025, 5, 14), "2024-12-03"),
    ],
)
def test_a_month_without_its_year_is_the_nearest_one(
    sentence: str, published: dt.date, key: str
) -> None:
    assert only(sentence, published=published).features["dates"][0]["key"] == key


def test_relative_dates_stay_unresolved_without_a_publication_date() -> None:
    features = only("Xi was welcomed at the Kremlin last year.").features
    assert features["dates"] == [
        {
            "grain": "year",
            "key": None,
            "relative": "last year",
            "text": "last year",
            "start": 31,
            "end": 40,
        }
    ]
    resolved = only("Xi was welcomed at the Kremlin last year.", published=FRIDAY).features
    assert resolved["dates"][0]["key"] == "2023"


def test_may_the_month_is_a_date_and_may_the_verb_a_hedge() -> None:
    month = only("The treaty was signed in May 2024 in Geneva.").features
    assert month["dates"][0]["key"] == "2024-05"
    assert month["hedges"] == []
    verb = only("The treaty may be signed in Geneva.").features
    assert verb["hedges"][0]["cue"] == "may"


def test_clock_times_with_a_zone_convert_to_utc() -> None:
    gmt = only("The launch took place at 3 p.m. GMT on Friday.").features["times"][0]
    est = only("The launch took place at 10 a.m. EST on Friday.").features["times"][0]
    assert gmt["utc"] == est["utc"] == 15 * 60
    local = only("The quake struck at 06:00 local time.").features["times"][0]
    assert local["minutes"] == 360
    assert local["utc"] is None


def test_wire_style_four_digit_times_need_a_zone() -> None:
    wire = only("The tremor hit at 1442 GMT on Monday.").features
    nzdt = only("The tremor hit at 3:42 a.m. NZDT on Tuesday.").features
    assert wire["times"][0]["utc"] == nzdt["times"][0]["utc"] == 14 * 60 + 42
    assert "#1442" not in wire["terms"]
    assert only("The cathedral was built in 1442 by monks.").features["times"] == []
    # A wire time that looks like a year is no year.
    ferry = only("The ferry had left Sta. Felisa at 2010 GMT.").features
    assert [t["text"] for t in ferry["times"]] == ["2010 GMT"]
    assert ferry["dates"] == []


def test_clock_times_are_matching_terms() -> None:
    wire = claim_terms(only("The warning was lifted at 0820 GMT.").features)
    local = claim_terms(only("Officials lifted the warning at 9.20am.").features)
    assert "time:500z" in wire
    assert "time:560" in local


def test_attribution_is_recorded_and_kept_out_of_terms() -> None:
    cnn = only("According to CNN, Putin landed in Beijing for a state visit.").features
    assert cnn["attribution"] == ["CNN"]
    assert "cnn" not in cnn["terms"]
    assert [e["text"] for e in cnn["entities"]] == ["Putin", "Beijing"]
    analysts = only("Analysts said the visit was an urgent shopping trip.").features
    assert analysts["attribution"] == ["Analysts"]


def test_a_source_trailing_the_statement_is_attribution_and_a_leading_one_content() -> None:
    trailing = only("The fire was 20% contained, the Provincial Wildfire Service said.").features
    assert trailing["attribution"] == ["Provincial Wildfire Service"]
    assert trailing["entities"] == []
    assert "servic" not in trailing["terms"]
    statement = only("Crews saved the school, Mayor Ruth Okonjo said in a statement.").features
    assert [e["text"] for e in statement["entities"]] == []
    leading = only("Putin said the talks with Xi were useful.").features
    assert "putin" in leading["terms"]


def test_the_outlet_a_source_told_is_attribution_and_the_person_told_is_content() -> None:
    outlet = only("Analysts told Radio Free Asia that the talks failed in Asia.").features
    assert outlet["attribution"] == ["Analysts", "Radio Free Asia"]
    assert [e["text"] for e in outlet["entities"]] == ["Asia"]
    assert "radio" not in outlet["terms"]
    assert only("An aide told CNN that the talks failed.").features["attribution"][-1] == "CNN"
    person = only("Putin told Xi that the talks had failed.").features
    assert person["attribution"] == ["Putin"]
    assert "xi" in person["terms"]
    assert [e["text"] for e in person["entities"]] == ["Putin", "Xi"]


def test_hedges_name_the_hedged_verb() -> None:
    hedge = only("Putin was supposed to visit trade forums in Harbin.").features["hedges"][0]
    assert hedge["text"] == "was supposed to visit"
    assert hedge["verb"] == normalise_word("visit")
    assert only("The minister reportedly resigned.").features["hedges"][0]["cue"] == "reportedly"
    assert only("Putin's first trip was to Beijing.").features["hedges"] == []


def test_words_said_only_inside_a_condition_are_marked_conditional() -> None:
    features = only("Even if the council were to cut the subsidy, bus fares are unlikely to rise.")
    assert features.features["conditional"] == sorted(
        {normalise_word("council"), normalise_word("cut"), normalise_word("subsidy")}
    )
    # A word also said outside the condition is asserted.
    unless = only("The council will raise fares unless the council restores the subsidy.")
    assert normalise_word("council") not in unless.features["conditional"]
    assert normalise_word("restores") in unless.features["conditional"]
    assert only("The council cut the bus subsidy on Monday.").features["conditional"] == []


def test_negation_names_what_it_negates() -> None:
    negation = only("The partnership is not adversarial, Putin said.").features["negations"][0]
    assert negation["text"] == "not adversarial"
    assert only("The report was not only late but wrong.").features["negations"] == []


def test_antonym_words_are_recorded_but_plural_nouns_are_not_verbs() -> None:
    assert ["rose", "rose"] in only("Prices rose sharply.").features["polar"]
    assert only("He laid red roses at the memorial.").features["polar"] == []


def test_extract_many_equals_extract_claims_one_by_one() -> None:
    sentences = [("Prices rose 5% on Friday.", 0), ("The bank did not comment.", 30)]
    assert extract_many(sentences, published=FRIDAY) == [
        extract_claims(text, offset=offset, published=FRIDAY) for text, offset in sentences
    ]


def test_only_body_sentences_of_a_seed_article_are_given_claims(
    nlp: spacy.language.Language,
) -> None:
    text = (SEEDS / "003_675a4f0b8f43f9eb.txt").read_text(encoding="utf-8")
    segments = segment(text, nlp=nlp)
    body = [s for s in segments if s.kind is Kind.BODY]
    claims = extract_many([(s.text, s.start) for s in body])
    assert all(claims_of_sentence for claims_of_sentence in claims)
    for sentence_claims in claims:
        for claim in sentence_claims:
            assert text[claim.start : claim.end] == claim.text
    headline = next(s for s in segments if s.kind is Kind.HEADLINE)
    assert headline.text.startswith("Putin Talks Tech")


def test_extract_many_adds_the_entities_a_trained_ner_finds() -> None:
    # An entity ruler named "ner" stands in for a trained pipeline's recogniser.
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "ORG", "pattern": "harbin institute"}, {"label": "GPE", "pattern": "moscow"}]
    )
    [[claim]] = extract_many([("students of the harbin institute met in moscow.", 7)], nlp=nlp)
    keys = {e["key"] for e in claim.features["entities"]}
    assert {"harbin institute", "moscow"} <= keys
    assert "@moscow" in claim_terms(claim.features)


@pytest.mark.parametrize(
    ("sentence", "text", "base", "currency"),
    [
        ("It cost 1.5bn euros to build.", "1.5bn euros", 1_500_000_000, "eur"),
        ("Fees reached €2m last year.", "€2m", 2_000_000, "eur"),
        ("Grey Tide is demanding a $US8 million ransom.", "$US8 million", 8_000_000, "usd"),
        ("The group demanded US$5 million.", "US$5 million", 5_000_000, "usd"),
        ("Costs could reach A$150 million.", "A$150 million", 150_000_000, "aud"),
        ("The council spent NZ$20m on it.", "NZ$20m", 20_000_000, "nzd"),
        ("The cost could top $200 million.", "$200 million", 200_000_000, "dollar"),
        (
            "Twenty-one thousand three hundred people marched.",
            "Twenty-one thousand three hundred",
            21_300,
            None,
        ),
    ],
)
def test_scaled_and_spelled_out_numbers(
    sentence: str, text: str, base: float, currency: str | None
) -> None:
    number = only(sentence).features["numbers"][0]
    assert (number["text"], number["base"], number["currency"]) == (text, base, currency)


def test_abbreviated_month_with_day_and_year_is_one_date() -> None:
    features = only("Shares fell 10% to $1,200 on Feb. 29, 2024.").features
    assert [(d["text"], d["key"]) for d in features["dates"]] == [("Feb. 29, 2024", "2024-02-29")]
    assert [n["text"] for n in features["numbers"]] == ["10%", "$1,200"]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("GISBORNE, New Zealand, March 18 (APA) - A quake killed 23 people.", "A quake killed"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "The Senate voted"),
        ("BEIJING — Xi met Putin in the capital.", "Xi met Putin"),
        ("NATO said it would act within days.", "NATO said"),
        ("US-China talks - the next round - begin today.", "US-China talks"),
    ],
)
def test_a_wire_dateline_is_no_part_of_the_claim(sentence: str, claim: str) -> None:
    found = only(sentence, offset=100)
    assert found.text.startswith(claim)
    assert found.start == 100 + sentence.index(claim)


def test_a_generic_source_is_credited_but_is_no_content() -> None:
    claim = only("Seven people remained missing on Tuesday afternoon, police confirmed.")
    assert claim.features["attribution"] == ["police"]
    assert "offic" not in claim.features["terms"]  # "police" reads as "officers"
    named = only("Mayor Rawiri Tamatea said seven people remained missing.")
    assert "tamatea" in named.features["terms"]  # a named speaker stays part of the claim
    trailing = only("Seven people remained missing, Mayor Rawiri Tamatea said.")
    assert trailing.features["attribution"] == ["Mayor Rawiri Tamatea"]
    assert "tamatea" not in trailing.features["terms"]  # … unless the name only credits it


def test_a_strike_is_a_stoppage_of_work_and_an_air_strike_an_attack() -> None:
    walkout = only("Rail workers walked off the job on Tuesday.").features["terms"]
    stoppage = only("The 48-hour stoppage began at midnight.").features["terms"]
    tools = only("Dock staff downed tools at dawn.").features["terms"]
    raid = only("An air strike hit the depot overnight.").features["terms"]
    assert normalise_word("strike") == normalise_word("walkout") == normalise_word("stoppage")
    assert normalise_word("strike") not in raid
    assert normalise_word("strike") in walkout
    assert normalise_word("strike") in stoppage
    assert normalise_word("strike") in tools
    assert normalise_word("attack") in raid


def test_memorandums_of_understanding_are_agreements_and_to_convene_is_to_meet() -> None:
    mous = only("The leaders signed 11 memorandums of understanding.").features["terms"]
    assert normalise_word("agreements") in mous
    assert normalise_word("understanding") not in mous
    assert normalise_word("convene") == normalise_word("meet")


def test_a_number_of_lives_is_a_death_toll() -> None:
    toll = only("The quake has now claimed 23 lives, police said.").features["terms"]
    killed = only("The quake killed at least 23 people.").features["terms"]
    assert normalise_word("killed") in toll
    assert normalise_word("killed") in killed
    lives = only("The floods changed the lives of residents.").features["terms"]
    assert normalise_word("killed") not in lives


def test_people_forced_from_their_homes_are_displaced() -> None:
    forced = only("Nearly 6,000 people had been forced out of their homes.").features["terms"]
    displaced = only("Some 4,500 people had been displaced.").features["terms"]
    assert normalise_word("displaced") in forced
    assert normalise_word("displaced") in displaced
    assert "home" not in forced


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        # Written on Tuesday 14 October 2025.
        ("Talks collapsed on Monday.", "2025-10-13"),
        ("The strike began on Tuesday.", "2025-10-14"),
        ("Talks are expected to resume on Wednesday.", "2025-10-15"),
        ("The strike is due to end on Thursday.", "2025-10-16"),
        ("The minister will meet the union on Tuesday.", "2025-10-21"),
        ("On Wednesday, talks will resume.", "2025-10-15"),
        # A weekday before the future cue of its clause is past.
        ("Talks that collapsed on Monday will resume soon.", "2025-10-13"),
        ("Talks collapsed on Monday but will resume soon.", "2025-10-13"),
        # What someone said would come is to come; when they said it is not.
        ("The minister said she would travel to the mine on Wednesday.", "2025-10-15"),
        ("On Monday, the company said it would reopen the line soon.", "2025-10-13"),
        ("The strike would have ended on Monday without the vote.", "2025-10-13"),
    ],
)
def test_a_weekday_in_a_clause_about_the_future_is_the_coming_one(sentence: str, key: str) -> None:
    published = dt.date(2025, 10, 14)
    assert only(sentence, published=published).features["dates"][0]["key"] == key


def test_a_time_after_past_or_before_is_a_bound() -> None:
    bound = only("The stoppage began at one minute past midnight.").features["times"]
    moment = only("The stoppage began at 12.01am.").features["times"]
    assert [t["bound"] for t in bound] == [True]
    assert [t["bound"] for t in moment] == [False]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“We had no option,” said RTWU general secretary Marta Ilic.", "Marta Ilic"),
        ('"We had no choice," union leader Tomas Brandt told reporters.', "Tomas Brandt"),
        ("“We will act,” Prime Minister Rizal Hakimi told the crowd.", "Rizal Hakimi"),
        ("“We will act,” he said on Tuesday.", "he"),
        ("“We will act,” said the mayor.", None),
        # A place that describes the speaker is no name of theirs.
        ('"It was a huge bang," the Fremantle nurse told MNA by telephone.', None),
        # The person, not where they serve.
        ("“Stay away,” said Sheriff Brent Maddox of Halvard County.", "Brent Maddox"),
        ("“Stay away,” Deputy Commissioner Farhan Qureshi said.", "Farhan Qureshi"),
    ],
)
def test_the_speaker_of_a_quote_is_the_person_past_their_titles(
    sentence: str, speaker: str | None
) -> None:
    assert only(sentence).features["quotes"][0]["speaker"] == speaker


def test_amounts_dates_and_times_are_never_names() -> None:
    fine = only("The regulator fined Korvex EUR 2 million in Lindborg.").features
    assert [e["text"] for e in fine["entities"]] == ["Korvex", "Lindborg"]
    tremor = only("The tremor hit at 1442 GMT on Monday.").features
    assert tremor["entities"] == []


def test_takeover_vocabulary_is_one_concept() -> None:
    bought = only("Kestrel agreed to buy Pennant for 412p a share.").features["terms"]
    taken = only("Pennant is to be taken over by a rival for 412p a share.").features["terms"]
    acquired = only("Kestrel will acquire Pennant by June.").features["terms"]
    assert normalise_word("buy") in bought
    assert normalise_word("buy") in taken
    assert normalise_word("buy") in acquired
    assert normalise_word("roles") == normalise_word("jobs")
    assert normalise_word("slipped") == normalise_word("fell")
    assert normalise_word("heaviest") == normalise_word("largest") == normalise_word("biggest")


def test_evacuation_orders_read_as_evacuation() -> None:
    ordered = only("About 4,000 people have been ordered to leave their homes.").features
    fled = only("Nearly 8,000 people have now been forced to flee.").features
    assert normalise_word("evacuated") in ordered["terms"]
    assert normalise_word("evacuated") in fled["terms"]


@pytest.mark.parametrize(
    ("sentence", "text", "share"),
    [
        ("The fire was only a quarter contained on Tuesday.", "a quarter", 25.0),
        ("Shares lost more than a third of their value.", "a third", 33.333333),
        ("Strand took just over half the vote.", "half", 50.0),
        ("Sales fell by two-thirds in 2019.", "two-thirds", 66.666667),
    ],
)
def test_a_share_in_words_is_a_percentage(sentence: str, text: str, share: float) -> None:
    [number] = only(sentence).features["numbers"]
    assert (number["text"], number["base"], number["dim"]) == (text, share, "percent")
    assert number["approx"]


def test_a_third_term_and_the_first_half_are_no_shares() -> None:
    term = only("He began a third term in May.").features["numbers"]
    assert [(n["text"], n["ordinal"]) for n in term] == [("third", True)]
    half = only("The deal should close in the first half of 2026.").features["numbers"]
    assert all(n["dim"] != "percent" for n in half)
    hourly = only("The trains ran on a half-hourly timetable.").features["numbers"]
    assert all(n["dim"] != "percent" for n in hourly)


def test_winning_another_term_is_being_re_elected() -> None:
    won = only("Mayor Helena Strand won a second term on Sunday.").features["terms"]
    again = only("Helena Strand was re-elected mayor of Valmere yesterday.").features["terms"]
    secured = only("Strand secured another term on Sunday.").features["terms"]
    assert normalise_word("reelect") in won
    assert normalise_word("reelect") in again
    assert normalise_word("reelect") in secured
    first = only("She won a seat on the council in 2021.").features["terms"]
    assert normalise_word("reelect") not in first


def test_a_head_office_is_the_headquarters_and_to_step_in_is_to_intervene() -> None:
    office = only("Pennant's head office in Ullerby would close.").features["terms"]
    hq = only("The combined company will have its headquarters in Northampton.").features
    assert normalise_word("headquarters") in office
    assert normalise_word("headquarters") in hq["terms"]
    step = only("The government would not step into the dispute.").features["terms"]
    assert normalise_word("intervene") in step


def test_a_review_is_scrutiny() -> None:
    review = only("The deal could face an in-depth review by the regulator.").features["terms"]
    examine = only("The watchdog is likely to examine the deal closely.").features["terms"]
    assert normalise_word("review") in review
    assert normalise_word("review") in examine
    assert normalise_word("scrutinised") == normalise_word("review")


def test_a_source_that_trails_with_where_it_spoke_credits_the_statement() -> None:
    claim = only(
        "At least 40 homes have been destroyed, Mayor Ruth Okonjo told reporters outside "
        "the town's fire hall."
    )
    assert claim.features["attribution"] == ["Mayor Ruth Okonjo"]
    for word in ("okonjo", "reporters", "hall"):
        assert normalise_word(word) not in claim.features["terms"]
    stated = only("The agency said in a statement that at least 40 homes had been destroyed.")
    assert normalise_word("homes") in stated.features["terms"]
    told = only("Okonjo told reporters that the fire had destroyed at least 40 homes.")
    assert normalise_word("okonjo") in told.features["terms"]


def test_the_outlet_told_is_attribution_with_or_without_its_article() -> None:
    claim = only("Fiona Marwick told the Gazette that Ullerby would always be home.")
    assert "Gazette" in claim.features["attribution"]
    assert "gazett" not in claim.features["terms"]


def test_a_count_counts_the_head_of_its_compound() -> None:
    cars = only("Sheriff Brent Maddox says about 30 rail cars are off the tracks.").features
    assert [n["counts"] for n in cars["numbers"]] == [normalise_word("cars")]
    officers = only("More than 200 police officers were deployed.").features
    assert [n["counts"] for n in officers["numbers"]] == [normalise_word("officers")]
    homes = only("At least 40 homes were destroyed.").features
    assert [n["counts"] for n in homes["numbers"]] == [normalise_word("homes")]


def test_cars_off_the_rails_derailed() -> None:
    for sentence in (
        "Twenty-eight cars derailed near Corrigan Mills.",
        "About 30 rail cars are off the tracks.",
        "31 cars had left the rails.",
        "The train jumped the tracks on the east edge of town.",
    ):
        assert normalise_word("derailed") in only(sentence).features["terms"], sentence


def test_a_source_that_trails_with_whom_it_told_credits_the_statement() -> None:
    claim = only(
        "No injuries were reported, Halvard County Sheriff Brent Maddox told a news "
        "conference on Monday morning."
    )
    assert claim.features["attribution"] == ["Halvard County Sheriff Brent Maddox"]
    for word in ("maddox", "conference", "halvard"):
        assert normalise_word(word) not in claim.features["terms"]


def test_the_coming_days_are_a_time_not_a_coming() -> None:
    soon = only("We will contact every customer over the coming days.").features["terms"]
    assert normalise_word("soon") in soon
    assert normalise_word("coming") not in soon


def test_card_and_bank_details_are_payment_data() -> None:
    card = only("No credit card details were taken in the breach.").features["terms"]
    bank = only("Bank account details used for direct debits were exposed.").features["terms"]
    assert normalise_word("payment") in card
    assert normalise_word("payment") in bank


@pytest.mark.parametrize(
    ("sentence", "names", "values"),
    [
        (
            "Sequencing linked 35 of the cases to E. coli O157:H7.",
            {"@o157h7", "@e. coli"},
            [35.0],
        ),
        ("Flight WB262, an A320, returned with 180 people on board.", {"@wb262", "@a320"}, [180.0]),
        ("Cases of H5N1 and COVID-19 rose to 12.", {"@h5n1", "@covid19"}, [12.0]),
        ("Two F-35 jets were grounded.", {"@f35"}, [2.0]),
    ],
)
def test_a_code_of_letters_and_digits_is_a_name_not_numbers(
    sentence: str, names: set[str], values: list[float]
) -> None:
    claim = only(sentence)
    assert claim_terms(claim.features).keys() >= names
    assert [n["value"] for n in claim.features["numbers"]] == values


def test_a_code_reads_the_same_however_it_is_punctuated() -> None:
    assert normalise_word("covid-19") == normalise_word("covid19") == "covid19"
    assert "@o157h7" in claim_terms(only("Tests found O157:H7 in the lettuce.").features)


@pytest.mark.parametrize(
    ("sentence", "amount", "currency"),
    [
        ("The group demanded $US8m from the telco.", 8_000_000.0, "usd"),
        ("Each household will get A$120 in compensation.", 120.0, "aud"),
        ("Shares closed at R41.20 in Johannesburg.", 41.2, None),
    ],
)
def test_amounts_written_next_to_letters_stay_amounts(
    sentence: str, amount: float, currency: str | None
) -> None:
    [number] = only(sentence).features["numbers"]
    assert (number["value"], number["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "Dana Whitcombe, the incident commander, said crews would stay overnight.",
            "Dana Whitcombe",
        ),
        ("Korvex, the online retailer, said it would appeal.", "Korvex"),
        (
            "Dr. Miriam Okafor, its medical officer, said 41 cases were confirmed.",
            "Dr. Miriam Okafor",
        ),
    ],
)
def test_a_speaker_described_between_commas_is_credited(sentence: str, source: str) -> None:
    assert only(sentence).features["attribution"] == [source]


def test_a_description_between_commas_without_a_name_credits_nobody() -> None:
    claim = only("In the end, the review said, the ministry had acted lawfully.")
    assert claim.features["attribution"] == []


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Confirmed cases have risen to 46, officials said.", "case"),
        ("The number of cases reached 52 on Thursday night.", "case"),
        ("The death toll has risen to five.", normalise_word("dead")),
        # "overnight" says when, not what the four are.
        ("The death toll from the explosion rose to four overnight.", normalise_word("dead")),
        ("The death toll from the quake had risen to 31 this morning.", normalise_word("dead")),
        ("Sales rose 12% to 4,000 cars.", "car"),
    ],
)
def test_a_count_brought_to_a_new_value_counts_its_subject(sentence: str, counts: str) -> None:
    assert only(sentence).features["numbers"][-1]["counts"] == counts


def test_a_phone_number_is_one_token_not_numbers() -> None:
    claim = only("The hotline, 1-855-555-0142, is open from 8 a.m. to 8 p.m. every day.")
    assert [n["value"] for n in claim.features["numbers"]] == []
    assert "1-855-555-0142" in claim_terms(claim.features)


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        # Written on Wednesday 12 November 2025.
        ("The motion will be put to a vote next Thursday, the Speaker said.", "2025-11-20"),
        ("The motion will be put to a vote next Tuesday, the Speaker said.", "2025-11-18"),
        ("The motion will be put to a vote on Thursday, the Speaker said.", "2025-11-13"),
        ("The motion was put to a vote last Thursday, the Speaker said.", "2025-11-06"),
    ],
)
def test_next_weekday_is_in_the_following_week(sentence: str, day: str) -> None:
    [date] = only(sentence, published=dt.date(2025, 11, 12)).features["dates"]
    assert date["key"] == day


def test_a_trailing_speaker_and_what_they_are_credit_the_claim_not_state_it() -> None:
    claim = only(
        "Coast guard ships had pulled 124 people from the water by Monday evening, said "
        "Capt. Rommel Dacanay, commander of the coast guard station in Sta. Felisa."
    )
    terms = claim_terms(claim.features)
    assert claim.features["attribution"] == ["Capt. Rommel Dacanay"]
    assert not {"station", "@dacanay", "@felisa", "command"} & terms.keys()
    assert {"pull", "water", "#124"} <= terms.keys()
    # A relative clause after the speaker says something of its own.
    relative = only("The talks were useful, said Putin, who arrived on Tuesday.")
    assert "arriv" in claim_terms(relative.features)


def test_a_count_of_people_says_what_befell_them_without_changing_what_it_counts() -> None:
    [killed] = only("Floods have killed at least 14 people in the district.").features["numbers"]
    assert (killed["counts"], killed["befell"]) == (normalise_word("people"), "dead")
    [told] = only("About 4,000 people have been told to leave their homes.").features["numbers"]
    assert "befell" not in told


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Half a million people lost power on Tuesday.", 500_000.0),
        ("Half a dozen kids have developed the syndrome.", 6.0),
        ("It took a year of talks to agree the deal.", 31_556_952.0),
    ],
)
def test_half_a_dozen_or_a_million_and_a_year_of_are_numbers(sentence: str, value: float) -> None:
    [number] = only(sentence).features["numbers"]
    assert number["base"] == value
