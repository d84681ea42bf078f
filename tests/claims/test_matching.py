"""Cross-article claim linking: relations, typed differences, determinism, candidates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import spacy

import articles.nlp  # noqa: F401  (registers news_sentence_fixes)
from articles.segmentation import Kind, segment
from claims.extraction import extract_claims, extract_many, normalise_word
from claims.matching import (
    MEANING_BASE,
    MEANING_WEIGHT,
    RELATED,
    SAME_CLAIM_MUTUAL,
    ClaimRef,
    LinkData,
    _best_per_article,
    _namesake_differences,
    _role_differences,
    _shared_evidence,
    compare_details,
    find_links,
    pair_scores,
)
from claims.terms import claim_terms

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PUBLISHED = dt.date(2024, 5, 17)


def refs_of(
    sentence: str, article: int, first_key: int, published: dt.date | None = PUBLISHED
) -> list[ClaimRef]:
    claims = extract_claims(sentence, published=published)
    return [
        ClaimRef(first_key + i, article, 0, c.text, c.features, published)
        for i, c in enumerate(claims)
    ]


def link_two(
    a: str, b: str, published_a: dt.date | None = PUBLISHED, published_b: dt.date | None = PUBLISHED
) -> LinkData:
    links = find_links(refs_of(b, 2, 100, published_b), refs_of(a, 1, 0, published_a))
    assert len(links) == 1, links
    return links[0]


def article_refs(
    text: str,
    article: int,
    first_key: int,
    nlp: spacy.language.Language,
    published: dt.date | None = PUBLISHED,
) -> list[ClaimRef]:
    body = [s for s in segment(text, nlp=nlp) if s.kind is Kind.BODY]
    refs: list[ClaimRef] = []
    extracted = extract_many([(s.text, s.start) for s in body], published=published)
    for seg, claims in zip(body, extracted, strict=True):
        for claim in claims:
            refs.append(
                ClaimRef(
                    first_key + len(refs),
                    article,
                    seg.position,
                    claim.text,
                    claim.features,
                    published,
                )
            )
    return refs


@pytest.mark.parametrize(
    ("a", "b", "kind", "value_a", "value_b"),
    [
        (
            "At least 12 people were killed in the blast in the city centre.",
            "At least 15 people were killed in the blast in the city centre.",
            "number",
            "At least 12",
            "At least 15",
        ),
        (
            "The company said it would cut 2.5 million jobs over the next decade.",
            "The company said it would cut 3 million jobs over the next decade.",
            "number",
            "2.5 million",
            "3 million",
        ),
        (
            "Rescuers pulled four survivors from the rubble of the collapsed hotel.",
            "Rescuers pulled 40 survivors from the rubble of the collapsed hotel.",
            "number",
            "four",
            "40",
        ),
        (
            "The minister resigned on Tuesday after the vote in parliament.",
            "The minister resigned on Wednesday after the vote in parliament.",
            "date",
            "Tuesday",
            "Wednesday",
        ),
        (
            "The summit will be held in Beijing next month, officials said.",
            "The summit will be held in Shanghai next month, officials said.",
            "entity",
            "Beijing",
            "Shanghai",
        ),
        (
            "Foreign Minister Joseph Wu urged continued support for Ukraine.",
            "Foreign Minister Lin Chia-lung urged continued support for Ukraine.",
            "entity",
            "Joseph Wu",
            "Lin Chia-lung",
        ),
        (
            "Parliament approved the budget by a wide margin on Thursday.",
            "Parliament rejected the budget by a wide margin on Thursday.",
            "negation",
            "approved",
            "rejected",
        ),
        (
            "Oil prices rose sharply after the announcement by the cartel.",
            "Oil prices fell sharply after the announcement by the cartel.",
            "negation",
            "rose",
            "fell",
        ),
        (
            "Gisborne Airport remained open to relief flights on Tuesday.",
            "Gisborne Airport was closed to relief flights on Tuesday.",
            "negation",
            "open",
            "closed",
        ),
        (
            "Shares in Korvex rose 3 per cent on the Lindborg exchange.",
            "Shares in Korvex dropped 3 per cent on the Lindborg exchange.",
            "negation",
            "rose",
            "dropped",
        ),
        (
            "The plane landed earlier than scheduled at Heathrow airport.",
            "The plane landed later than scheduled at Heathrow airport.",
            "negation",
            "earlier",
            "later",
        ),
        (
            "The partnership is not adversarial, Putin told reporters.",
            "The partnership is adversarial, Putin told reporters.",
            "negation",
            "not adversarial",
            "adversarial",
        ),
        (
            "Putin visited the trade fair in Harbin during his trip.",
            "Putin was supposed to visit the trade fair in Harbin during his trip.",
            "hedge",
            "visited",
            "was supposed to visit",
        ),
        (
            "A magnitude 7.1 earthquake struck off the coast of Japan on Monday.",
            "A 6.9-magnitude earthquake struck off the coast of Japan on Monday.",
            "number",
            "7.1",
            "6.9",
        ),
        (
            "The launch took place at 3 p.m. GMT at the coastal spaceport.",
            "The launch took place at 4 p.m. GMT at the coastal spaceport.",
            "date",
            "3 p.m. GMT",
            "4 p.m. GMT",
        ),
        (
            "The bank's policy committee voted 5-2 for the rate rise on Wednesday.",
            "The bank's policy committee voted 6-1 for the rate rise on Wednesday.",
            "number",
            "5-2",
            "6-1",
        ),
        (
            "About two-thirds of Meravian mortgages are on floating rates.",
            "Six in ten Meravian mortgages are on floating rates.",
            "number",
            "two-thirds",
            "Six in ten",
        ),
        # A count brought to a new value is exact, not approximate.
        (
            "The death toll from the earthquake in Tairawhiti rose to 23 on Tuesday.",
            "The death toll from the earthquake in Tairawhiti rose to 31 on Tuesday.",
            "number",
            "23",
            "31",
        ),
        # "Lives" and "bodies" count the dead.
        (
            "The earthquake in Tairawhiti has now claimed 23 lives, police said on Tuesday.",
            "The death toll from the earthquake in Tairawhiti has climbed to 31, police said.",
            "number",
            "23",
            "31",
        ),
        # One unit written two ways is no conversion: the values differ.
        (
            "Consumer price inflation in Meravia is running at 5.6% this autumn.",
            "Consumer price inflation in Meravia is running at 5.8 per cent this autumn.",
            "number",
            "5.6%",
            "5.8 per cent",
        ),
        # A bound ("at least") is a figure of its own; "about" blurs one.
        (
            "Floods in Darwesh district have killed at least 14 people since Sunday.",
            "Floods in Darwesh district have killed 17 people since Sunday.",
            "number",
            "at least 14",
            "17",
        ),
        # "About 1.2 million" is 1.15 to 1.25 million.
        (
            "About 1.2 million homes and businesses in Victoria lost power on Wednesday.",
            "Some 1.3 million homes and businesses in Victoria lost power on Wednesday.",
            "number",
            "1.2 million",
            "1.3 million",
        ),
        # The value before a change is history, not the claim's figure.
        (
            "Consumer price inflation in Meravia rose to 5.8% in October from 5.1%.",
            "Consumer price inflation in Meravia stood at 5.6% in October.",
            "number",
            "5.8%",
            "5.6%",
        ),
        (
            "Wattlebird grounded its other Boeing 737s after the engine fire on Sunday.",
            "Wattlebird kept flying its other Boeing 737s after the engine fire on Sunday.",
            "negation",
            "grounded",
            "flying",
        ),
        (
            "The bank raised its growth forecast for 2026 to 1.2 per cent on Thursday.",
            "The bank cut its growth forecast for 2026 to 1.2 per cent on Thursday.",
            "negation",
            "raised",
            "cut",
        ),
        (
            "The river began to recede at Bhaniwal on Tuesday afternoon.",
            "The river was still rising at Bhaniwal on Tuesday afternoon.",
            "negation",
            "recede",
            "rising",
        ),
        # A bound is no moment, but a moment on its wrong side conflicts with it.
        (
            "Helvik read a statement outside the ministry shortly after 10 a.m. on Wednesday.",
            "Helvik read a statement outside the ministry at 9.30am on Wednesday.",
            "date",
            "shortly after 10 a.m.",
            "9.30am",
        ),
        # A hedge past its auxiliaries.
        (
            "A minibus with 22 wedding guests is believed to have been swept off the Sarwan "
            "causeway on Monday evening.",
            "A minibus with 22 wedding guests was swept off the Sarwan causeway on Monday evening.",
            "hedge",
            "is believed to have been swept",
            "swept",
        ),
        # What could happen against what did.
        (
            "The regulator could open a formal investigation into the breach at Tallowood.",
            "The regulator has opened a formal investigation into the breach at Tallowood.",
            "hedge",
            "could open",
            "opened",
        ),
        # One surname, two given names: a name one outlet got wrong.
        (
            "Energy Minister Carla Hennessy called the blackout unacceptable on Wednesday.",
            "Energy Minister Claire Hennessy told reporters on Wednesday the blackout was "
            "unacceptable.",
            "entity",
            "Carla Hennessy",
            "Claire Hennessy",
        ),
        (
            '"We are heartbroken for the families," said Gordon Fenwick, Buckthorn\'s founder.',
            '"We are heartbroken for the families," Buckthorn president Dale Fenwick said.',
            "entity",
            "Gordon Fenwick",
            "Dale Fenwick",
        ),
        # Two named venues, however differently the rest is worded.
        (
            "Strand told cheering supporters at the Grain Exchange in the old town that "
            "Valmere chose to keep building.",
            "Strand told a crowd of several hundred at the Maritime Museum that Valmere has "
            "chosen to keep building.",
            "entity",
            "Grain Exchange",
            "Maritime Museum",
        ),
        # People killed are the dead the toll counts.
        (
            "Floods in Darwesh district have killed at least 14 people since Sunday, "
            "officials said.",
            "The death toll from the floods in Darwesh district has risen to 17 since Sunday, "
            "officials said.",
            "number",
            "at least 14",
            "17",
        ),
        # "A year of" something is one year of it.
        (
            "Affected customers are being offered two years of free credit monitoring.",
            "Affected customers are being offered a year of free credit monitoring.",
            "number",
            "two years",
            "a year",
        ),
        # Of several comparable values, the nearest is the counterpart.
        (
            "The yield on the 10-year bond rose 18 basis points to 5.62% on Thursday.",
            "The 2-year yield rose 35bp and the 10-year yield rose 22bp to 5.66% on Thursday.",
            "number",
            "18 basis points",
            "22bp",
        ),
    ],
)
def test_same_claim_with_a_conflicting_detail_diverges_with_both_values(
    a: str, b: str, kind: str, value_a: str, value_b: str
) -> None:
    link = link_two(a, b)
    assert link.relation == "diverge"
    assert {"kind": kind, "a": value_a, "b": value_b} in link.differences
    assert 0.0 <= link.score <= 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Officials said 2,400 homes were destroyed by the flood.",
            "Officials said 2400 homes were destroyed by the flood.",
        ),
        (
            "Seven climbers reached the summit of the mountain on Sunday.",
            "7 climbers reached the summit of the mountain on Sunday.",
        ),
        (
            "Xi visited Moscow in 2023 for talks with Putin.",
            "Xi visited Moscow last year for talks with Putin.",
        ),
        (
            "The wave reached a height of 3 metres near the harbour.",
            "The wave reached a height of 9.8 ft near the harbour.",
        ),
        (
            "The launch took place at 3 p.m. GMT on Friday.",
            "The launch took place at 10 a.m. EST on Friday.",
        ),
        (
            "Temperatures reached 40 degrees Celsius in the capital.",
            "Temperatures reached 104 degrees Fahrenheit in the capital.",
        ),
        (
            "About 2,000 protesters marched through the capital.",
            "Some 2,100 protesters marched through the capital.",
        ),
        # One outlet adds a number of the same kind the other does not give.
        (
            "The quake was centred 42 km east of Gisborne at a depth of 24 km.",
            "The quake was centred about 40km east of Gisborne.",
        ),
        (
            "The quake was centred at a depth of 24 km, 42 km east of Gisborne.",
            "The quake was centred about 40km east of Gisborne.",
        ),
        (
            "The policy committee split by five votes to two on the rate rise.",
            "The policy committee voted 5-2 for the rate rise.",
        ),
        (
            "Rovers lost 1-3 at home to United on Saturday.",
            "Rovers were beaten 3-1 at home by United on Saturday.",
        ),
        (
            "Three out of four voters backed the new stadium in the referendum.",
            "75% of voters backed the new stadium in the referendum.",
        ),
        (
            "The yield on ten-year government debt in Meravia climbed to 5.62% on Thursday.",
            "The yield on ten-year government debt in Meravia climbed to 5.6 per cent on Thursday.",
        ),
        (
            "Helvik read a statement outside the ministry shortly after 10 a.m. on Wednesday.",
            "Helvik read a statement outside the ministry at 10.20am on Wednesday.",
        ),
        (
            "The fire broke out shortly before midnight on Sunday in the old town.",
            "The fire broke out at 11.40pm on Sunday in the old town.",
        ),
        (
            "The heat in the capital reached 100°F on Tuesday afternoon.",
            "The heat in the capital reached 38C on Tuesday afternoon.",
        ),
        (
            "Affected customers are being offered 12 months of free credit monitoring.",
            "Affected customers are being offered a year of free credit monitoring.",
        ),
        (
            "Six children in Brandwell have developed hemolytic uremic syndrome, say doctors.",
            "Half a dozen kids in Brandwell have developed hemolytic uremic syndrome.",
        ),
        (
            "The Civic Alliance secured 28 of the 55 seats on the Valmere city council.",
            "The Civic Alliance has a 28-seat majority on the 55-seat Valmere city council.",
        ),
        # ... and 1,050 is.
        (
            "The measures would leave a typical household about 1,100 kronor a year worse off.",
            "The measures would leave the typical household 1,050 kronor a year worse off.",
        ),
        # Rejecting claims that something happened denies it, as "denied that" does.
        (
            "Bagwis Sea Lines has denied that its ferry was overloaded on Monday.",
            "Bagwis Sea Lines has rejected claims that the ferry was overloaded on Monday.",
        ),
        # A span of time is no count to compare with a count of people.
        (
            "Income tax thresholds in Veskia will be frozen for two more years.",
            "The freeze on income tax thresholds in Veskia will pull 85,000 more people into "
            "the higher rate.",
        ),
        # Both tell what is to come: "will vote" is no plain statement against a plan.
        (
            "Pennant shareholders are expected to vote on the Kestrel offer in January.",
            "Pennant shareholders will vote on the Kestrel offer in January.",
        ),
        (
            "Minister Taniela Vaikona was expected to travel to Vatumele on Monday.",
            "Minister Taniela Vaikona is due to travel to Vatumele on Monday.",
        ),
        # "less than three hours" leaves out three hours, not about three.
        (
            "In most of Melbourne, the outage on Wednesday lasted about three hours.",
            "In most of Melbourne, the outage on Wednesday lasted less than three hours.",
        ),
        # Both name both parties, in another order: no name was swapped for another.
        (
            "Kestrel Foods has agreed to buy Pennant Foods for 4.2 billion pounds.",
            "Pennant Foods agreed to be bought by Kestrel Foods for 4.2 billion pounds.",
        ),
        # Two denials of one thing, scoped differently, are one stance.
        (
            "Halvorsen insisted that the Port Danesby plant has no history of safety violations.",
            "Halvorsen denied that the Port Danesby plant had been cited for safety violations.",
        ),
        # A venue and its city are no conflict ("in" names regions, not venues).
        (
            "Strand spoke at the Grain Exchange in Valmere after the results on Sunday.",
            "Strand spoke in Valmere after the results on Sunday.",
        ),
        # A title for a given name, or an initial for it, is the same person.
        (
            "Dr. Okafor said 41 cases were confirmed in Brandwell on Tuesday.",
            "Miriam Okafor said 41 cases were confirmed in Brandwell on Tuesday.",
        ),
        (
            "Health Minister J. Cormier said 41 cases were confirmed in Brandwell on Tuesday.",
            "Health Minister Jane Cormier said 41 cases were confirmed in Brandwell on Tuesday.",
        ),
        (
            "A Nordpuls poll found that 66% of voters wanted Helvik to resign on Monday.",
            "A Nordpuls poll found that two-thirds of voters wanted Helvik to resign on Monday.",
        ),
        (
            "Sheriff Brent Maddox says about 30 rail cars are off the tracks.",
            "Sheriff Brent Maddox says 31 rail cars are off the tracks.",
        ),
    ],
)
def test_same_value_in_another_form_agrees(a: str, b: str) -> None:
    link = link_two(a, b)
    assert (link.relation, link.differences) == ("agree", [])


def test_two_companies_ending_in_one_word_are_no_namesakes() -> None:
    a = extract_claims("Kestrel Foods agreed to buy its rival on Monday.")[0].features
    b = extract_claims("Pennant Foods agreed to a takeover on Monday.")[0].features
    assert _namesake_differences(a, b) == []
    a = extract_claims("Energy Minister Carla Hennessy spoke on Monday.")[0].features
    b = extract_claims("Claire Hennessy spoke on Monday.")[0].features
    assert _namesake_differences(a, b) == [
        {"kind": "entity", "a": "Carla Hennessy", "b": "Claire Hennessy"}
    ]


def test_last_year_is_only_resolved_when_the_publication_date_is_known() -> None:
    a = "Xi visited Moscow in 2022 for talks with Putin."
    b = "Xi visited Moscow last year for talks with Putin."
    assert link_two(a, b).relation == "diverge"
    assert link_two(a, b, None, None).relation == "agree"


def test_the_same_weekday_in_different_weeks_diverges_once_resolved() -> None:
    a = "The minister resigned on Tuesday after the vote in parliament."
    link = link_two(a, a, dt.date(2024, 5, 15), dt.date(2024, 5, 22))
    assert link.relation == "diverge"
    assert link.differences == [{"kind": "date", "a": "Tuesday", "b": "Tuesday"}]


def test_claims_of_the_same_article_are_never_linked() -> None:
    refs = refs_of("Prices rose 5% on Friday.", 1, 0) + refs_of("Prices rose 5% on Friday.", 1, 10)
    assert find_links(refs, []) == []


def test_unrelated_claims_are_not_linked() -> None:
    a = refs_of("The central bank raised interest rates by half a point.", 1, 0)
    b = refs_of("A late goal gave the visitors victory in the cup final.", 2, 10)
    assert find_links(b, a) == []


def test_the_same_people_doing_different_things_are_only_related() -> None:
    a = refs_of("Prime Minister Shigeru Ishiba convened an emergency meeting in Tokyo.", 1, 0)
    b = refs_of("Prime Minister Shigeru Ishiba visited Miyako and promised aid.", 2, 10)
    assert [link.relation for link in find_links(b, a)] in ([], ["related"])


def story_refs(articles: Sequence[Sequence[str]]) -> list[ClaimRef]:
    """Claims of a small story: one list of sentences per article."""
    refs: list[ClaimRef] = []
    for article, sentences in enumerate(articles):
        for position, sentence in enumerate(sentences):
            for claim in extract_claims(sentence, published=PUBLISHED):
                refs.append(
                    ClaimRef(len(refs), article, position, claim.text, claim.features, PUBLISHED)
                )
    return refs


def relation_of(links: Sequence[LinkData], refs: Sequence[ClaimRef], x: str, y: str) -> str:
    """The relation of the claim with `x` in article 0 to the claim with `y` in article 1."""
    [a] = [r.key for r in refs if x in r.text and r.article == 0]
    [b] = [r.key for r in refs if y in r.text and r.article == 1]
    found = [link.relation for link in links if {link.a, link.b} == {a, b}]
    return found[0] if found else "none"


# A story about one mayor: she is in most claims, as a story's main actors are.
MAYOR_STORY_BACKGROUND = [
    "Mayor Lena Ortiz praised the volunteers who cleaned the riverbank.",
    "Mayor Lena Ortiz met union leaders to discuss the transit strike.",
    "Ortiz said the harbour tunnel would reopen in March.",
    "Ortiz thanked donors for the new children's playground.",
    "Critics accused Ortiz of ignoring rising rents.",
]


def test_the_main_actors_on_the_same_day_doing_different_things_are_not_one_claim() -> None:
    refs = story_refs(
        [
            ["Mayor Lena Ortiz opened the new public library on Friday.", *MAYOR_STORY_BACKGROUND],
            [
                "Mayor Lena Ortiz inspected the flooded hospital basement on Friday.",
                *MAYOR_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "public library", "hospital basement") in {"none", "related"}
    # Restatements of the same facts still link.
    assert relation_of(links, refs, "harbour tunnel", "harbour tunnel") == "agree"


def test_the_main_actor_s_main_fact_told_two_ways_is_one_claim() -> None:
    # One specific (the day) is enough when the two claims are worded this much alike.
    refs = story_refs(
        [
            ["Mayor Lena Ortiz of Valmere won on Sunday.", *MAYOR_STORY_BACKGROUND],
            ["Valmere's Mayor Lena Ortiz triumphed on Sunday.", *MAYOR_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "won", "triumphed") == "agree"


def test_a_claim_packing_two_facts_is_the_same_claim_as_both_statements_of_them() -> None:
    refs = story_refs(
        [
            [
                "Owners were told to limit charging to 80% and to park outside, at least 50 "
                "feet from buildings.",
                *FINE_STORY_BACKGROUND,
            ],
            [
                "Owners should cap charging at 80 percent until a fix is ready.",
                "Corvane also advises parking outside, at least 15 metres from buildings.",
                *FINE_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "limit charging", "cap charging") == "agree"
    assert relation_of(links, refs, "limit charging", "advises parking") == "agree"


def test_a_second_fact_may_repeat_the_first_one_s_topic_word() -> None:
    # "strike" is in both of the other outlet's claims; the count is the second fact.
    refs = story_refs(
        [
            [
                "About 12,000 union members walked off the job on Tuesday at the start of a "
                "48-hour rail strike.",
                *MAYOR_STORY_BACKGROUND,
            ],
            [
                "Rail workers began a 48-hour strike on Tuesday.",
                "The union said 12,000 of its members had joined the strike.",
                *MAYOR_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "walked off", "began a 48") == "agree"
    assert relation_of(links, refs, "walked off", "had joined") == "agree"


def test_a_second_claim_sharing_only_the_first_one_s_day_and_a_place_is_not_a_second_fact() -> None:
    refs = story_refs(
        [
            [
                "Ortiz said the flooded Harbour Road depot lost power on Friday and its 40 buses "
                "were moved to the airport car park.",
                *MAYOR_STORY_BACKGROUND,
            ],
            [
                "Ortiz said the flooded Harbour Road depot lost power on Friday.",
                "Airport staff said the car park was full by Friday night.",
                *MAYOR_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "depot lost power", "depot lost power") == "agree"
    assert relation_of(links, refs, "depot lost power", "car park was full") in {"none", "related"}


def test_a_denial_names_what_it_denies_past_the_names_before_it() -> None:
    link = link_two(
        "An earthen embankment near Kotli Sharif gave way early on Tuesday, officials said.",
        "Irrigation officials denied that the Kotli Sharif embankment had failed on Tuesday.",
    )
    assert link.relation == "diverge"
    assert link.differences == [
        {"kind": "negation", "a": "embankment", "b": "denied that the Kotli Sharif embankment"}
    ]


def test_a_count_told_twice_by_one_outlet_still_has_its_restatement() -> None:
    # The other outlet gives its fourteen twice, and this one tells of the evacuation
    # apart: no match is clearly ahead, but the best one shares many specifics.
    refs = story_refs(
        [
            [
                "Nine passengers suffered minor injuries during the evacuation and two of them "
                "were taken to hospital with suspected fractures.",
                "Passengers came down the emergency slides after the crew ordered an "
                "evacuation on the runway.",
                *MAYOR_STORY_BACKGROUND,
            ],
            [
                "Fourteen passengers were injured when the flight to Bali was evacuated on "
                "the runway after an engine fire.",
                "Fourteen passengers were hurt as they came down the emergency slides, and "
                "four were taken to Canning Vale District Hospital.",
                *MAYOR_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "Nine passengers", "were injured when") == "diverge"
    [link] = [x for x in links if x.relation == "diverge"]
    assert {"kind": "number", "a": "Nine", "b": "Fourteen"} in link.differences


def test_each_others_clear_best_match_sharing_three_specifics_is_the_same_claim() -> None:
    # Few words in common (a related score), but each is the other's clear best match and
    # they share three specifics: the nine, the 31 and the escape.
    trade = (
        "Nine of the 31 employees working in the stoping area self-escaped through an "
        "alternative travelling way and were unhurt."
    )
    wire = (
        "A total of 31 workers were in the affected section when the rock collapsed, and "
        "nine of them managed to {} on their own, the company said."
    )
    refs = story_refs(
        [[wire.format("escape"), *MAYOR_STORY_BACKGROUND], [trade, *MAYOR_STORY_BACKGROUND]]
    )
    links = find_links(refs, [])
    [link] = [x for x in links if "31" in refs[x.a].text]
    assert RELATED <= link.score < SAME_CLAIM_MUTUAL
    assert link.relation == "agree"
    # Two specifics (the nine and the 31) are not enough at such a score.
    refs = story_refs(
        [
            [wire.format("reach the surface"), *MAYOR_STORY_BACKGROUND],
            [trade, *MAYOR_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "A total of 31", "Nine of the 31") in {"none", "related"}


def test_one_official_saying_two_things_is_not_one_claim() -> None:
    commander = "Dana Whitcombe, the incident commander, said "
    briefing = "At a briefing, incident commander Dana Whitcombe said "
    refs = story_refs(
        [
            [
                commander + "crews would focus on Wednesday on protecting the town of Harlow.",
                *MAYOR_STORY_BACKGROUND,
            ],
            [
                briefing + "the fire had grown to 12,000 hectares by Wednesday.",
                *MAYOR_STORY_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "crews would focus", "had grown") in {"none", "related"}
    # What the official says is still compared: the same statement is one claim.
    refs = story_refs(
        [
            [commander + "the fire had grown to 12,000 hectares.", *MAYOR_STORY_BACKGROUND],
            [briefing + "the blaze now covered 12,000 hectares.", *MAYOR_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "had grown", "now covered") == "agree"


OUTBREAK_BACKGROUND = [
    "The outbreak has been linked to lettuce served at Buckthorn Burger restaurants in Brandwell.",
    "Health officials urged anyone with bloody diarrhoea in Brandwell to see a doctor.",
    "The outbreak strain was found in lettuce from a Buckthorn Burger kitchen in Brandwell.",
    "Buckthorn Burger closed its Brandwell restaurants while inspectors examined the outbreak.",
    "Children and older people in Brandwell are most at risk in an outbreak like this.",
    "Brandwell's water supply is not involved in the outbreak, officials said.",
]


def test_a_count_that_keeps_changing_is_one_claim_however_long_the_sentence() -> None:
    # The wire's long sentence shares little wording with the update, but both count the
    # confirmed cases and each is the other's likeliest among its article's counts.
    refs = story_refs(
        [
            [
                "The Southern Plains Health Region said laboratory testing had confirmed 41 "
                "cases of E. coli O157:H7, up from 27 on Tuesday, with patients aged from two "
                "to 81.",
                *OUTBREAK_BACKGROUND,
            ],
            [
                "Confirmed cases have risen to 46, the medical officer said in the 4 p.m. update.",
                *OUTBREAK_BACKGROUND,
            ],
        ]
    )
    links = find_links(refs, [])
    [link] = [x for x in links if "41" in refs[x.a].text]
    assert link.score < SAME_CLAIM_MUTUAL
    assert link.relation == "diverge"
    assert {"kind": "number", "a": "41", "b": "46"} in link.differences


def test_one_shared_topic_word_is_not_the_same_claim() -> None:
    a = refs_of("The northern provinces benefit from cheap hydropower.", 1, 0)
    b = refs_of("Local farmers would benefit from lower fuel taxes.", 2, 10)
    assert [link.relation for link in find_links(b, a)] in ([], ["related"])


def test_words_shared_only_with_a_condition_are_not_the_same_claim() -> None:
    # What one outlet only supposes ("even if … were to …") is not the other's fact.
    refs = story_refs(
        [
            [
                "Analysts say that even if the regulator were to fine the airline heavily, "
                "its share price is unlikely to fall.",
                *MAYOR_STORY_BACKGROUND,
            ],
            ["The regulator fined the airline heavily on Tuesday.", *MAYOR_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "share price", "regulator fined") in {"none", "related"}
    # Without the condition the same words make the same claim.
    refs = story_refs(
        [
            ["The regulator fined the airline heavily, analysts say.", *MAYOR_STORY_BACKGROUND],
            ["The regulator fined the airline heavily on Tuesday.", *MAYOR_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "regulator fined", "regulator fined") == "agree"


def test_a_claim_is_the_same_claim_as_one_claim_per_other_article() -> None:
    sentence = "The council approved a budget of 4.2 million euros for road repairs."
    refs = story_refs([[sentence], [sentence, sentence]])
    links = find_links(refs, [])
    assert sorted(link.relation for link in links) == ["agree", "related"]


def test_a_best_match_needs_a_margin_over_the_runner_up() -> None:
    refs = {key: ClaimRef(key, article, 0, "", {}) for key, article in ((1, 0), (2, 1), (3, 1))}
    best, runner_up = _best_per_article({(1, 2): 0.3, (1, 3): 0.28}, refs)
    assert best[(1, 1)] == 2
    assert runner_up[(1, 1)] == 0.28
    assert (2, 1) not in runner_up  # claim 2 has one candidate in article 1
    # A tie is no clear best: the loser of the tie-break is the runner-up at the same score.
    best, runner_up = _best_per_article({(1, 2): 0.3, (1, 3): 0.3}, refs)
    assert best[(1, 1)] == 2
    assert runner_up[(1, 1)] == 0.3


def test_linking_is_deterministic_sorted_and_order_independent(
    nlp: spacy.language.Language,
) -> None:
    refs: list[ClaimRef] = []
    for article, name in enumerate(sorted(SEEDS.glob("*.txt"))):
        refs += article_refs(name.read_text(encoding="utf-8"), article, len(refs), nlp)
    links = find_links(refs, [])
    assert links == find_links(list(reversed(refs)), [])
    assert links == sorted(links, key=lambda link: (link.a, link.b))
    assert all(link.a < link.b for link in links)
    assert all(link.relation in {"agree", "diverge", "related"} for link in links)


def test_linking_a_new_article_matches_relinking_the_whole_story(
    nlp: spacy.language.Language,
) -> None:
    refs: list[ClaimRef] = []
    for article, name in enumerate(sorted(SEEDS.glob("*.txt"))):
        refs += article_refs(name.read_text(encoding="utf-8"), article, len(refs), nlp)
    new = [r for r in refs if r.article == 2]
    old = [r for r in refs if r.article != 2]
    incremental = find_links(new, old)
    new_keys = {r.key for r in new}
    whole = [link for link in find_links(refs, []) if link.a in new_keys or link.b in new_keys]
    assert incremental == whole


def test_candidates_come_from_shared_terms_not_all_pairs() -> None:
    refs = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(60):
        stem = letters[i % 26] + letters[i // 26]
        words = " ".join(f"{stem}{letters[j]}quor" for j in range(6))
        refs += refs_of(f"Officials {words} today.", i, i * 10)
    # Sixty articles of unrelated claims: no pair shares an indexed term.
    assert pair_scores(refs) == {}


def mutate(text: str, changes: Sequence[tuple[str, str]]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# (original, changed, expected difference kind, value in the original, value in the copy)
SEED_CHANGES = [
    ("to China on Friday", "to China on Wednesday", "date", "Friday", "Wednesday"),
    (
        "visited a China-Russia Expo in Harbin",
        "visited a China-Russia Expo in Shenyang",
        "entity",
        "Harbin",
        "Shenyang",
    ),
    (
        "He also met with students",
        "He was expected to meet with students",
        "hedge",
        "met",
        "was expected to meet",
    ),
    ("catering to 1,500 students", "catering to 2,000 students", "number", "1,500", "2,000"),
    ("Before departing", "After departing", "negation", "Before", "After"),
    ("is not adversarial", "is adversarial", "negation", "not adversarial", "adversarial"),
    (
        "Foreign Minister Joseph Wu urged",
        "Foreign Minister Lin Chia-lung urged",
        "entity",
        "Joseph Wu",
        "Lin Chia-lung",
    ),
    ("Putin’s fifth term", "Putin’s sixth term", "number", "fifth", "sixth"),
    ("faced rejection", "faced approval", "negation", "rejection", "approval"),
]


def test_changed_facts_in_a_copied_article_diverge_and_the_rest_agree(
    nlp: spacy.language.Language,
) -> None:
    original = (SEEDS / "000_b7f64bfcf579e603.txt").read_text(encoding="utf-8")
    copy = mutate(original, [(old, new) for old, new, *_ in SEED_CHANGES])
    refs_a = article_refs(original, 1, 0, nlp)
    refs_b = article_refs(copy, 2, 1000, nlp)
    assert len(refs_a) == len(refs_b)
    links = {(link.a, link.b): link for link in find_links(refs_b, refs_a)}
    for a, b in zip(refs_a, refs_b, strict=True):
        link = links.get((a.key, b.key))
        assert link is not None, a.text
        expected = [
            {"kind": kind, "a": value_a, "b": value_b}
            for old, _, kind, value_a, value_b in SEED_CHANGES
            if old in a.text
        ]
        if a.text == b.text:
            assert (link.relation, link.differences) == ("agree", []), a.text
        else:
            assert expected, a.text
            assert link.relation == "diverge", a.text
            for difference in expected:
                assert difference in link.differences, (a.text, link.differences)


def test_invented_earthquake_story_links_reports_made_at_different_times(
    nlp: spacy.language.Language,
) -> None:
    dates = {"a": dt.date(2025, 3, 9), "b": dt.date(2025, 3, 10), "c": dt.date(2025, 3, 11)}
    refs: list[ClaimRef] = []
    for article, (name, published) in enumerate(dates.items()):
        text = (DATA / f"quake_{name}.txt").read_text(encoding="utf-8")
        refs += article_refs(text, article, len(refs), nlp, published)

    def key(fragment: str) -> int:
        [match] = [r.key for r in refs if fragment in r.text]
        return match

    links = {(link.a, link.b): link for link in find_links(refs, [])}

    def relation(x: str, y: str) -> tuple[str, list[dict[str, str]]]:
        a, b = sorted((key(x), key(y)))
        link = links.get((a, b))
        return (link.relation, link.differences) if link else ("none", [])

    # Magnitudes from two agencies.
    assert relation("Survey measured", "had a magnitude of 7.1") == (
        "diverge",
        [{"kind": "number", "a": "6.9", "b": "7.1"}],
    )
    assert relation("A magnitude 7.1 earthquake", "had a magnitude of 7.1")[0] == "agree"
    # Casualty counts reported on different days.
    assert relation("At least 12 people were killed", "at least 18 people had died") == (
        "diverge",
        [{"kind": "number", "a": "At least 12", "b": "at least 18"}],
    )
    # Local time against GMT, kilometres spelled two ways: no conflict.
    assert relation("at 3 p.m. local time", "at 06:00 GMT")[0] == "agree"
    assert relation("ordered 40,000 residents", "some 40,000 residents")[0] == "agree"
    # The prime minister doing two different things on two days is not one claim.
    assert relation("convened an emergency", "visited Miyako")[0] in {"none", "related"}
    assert relation("seawall", "Rescue teams")[0] in {"none", "related"}


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        (
            "During his visit, Putin visited a China-Russia Expo in Harbin.",
            "In a speech to the 8th Sino-Russian Expo in Harbin, Putin praised cooperation.",
            "agree",
        ),
        (
            "A major turning point was reached when Xi visited Moscow in 2023.",
            "Xi was welcomed at the Kremlin last year.",
            "agree",
        ),
        (
            "He also met with students at the Harbin Institute of Technology.",
            "Putin's visit took in the Harbin Institute of Technology, where he met with "
            "students and lecturers.",
            "agree",
        ),
    ],
)
def test_paraphrases_with_name_variants_are_the_same_claim(a: str, b: str, relation: str) -> None:
    link = link_two(a, b)
    assert link.relation == relation
    assert [d for d in link.differences if d["kind"] == "entity"] == []


def test_a_plan_against_a_report_of_the_event_diverges_as_a_hedge() -> None:
    link = link_two(
        "Putin was supposed to visit trade and cooperation forums in Harbin.",
        "In a speech to the 8th Sino-Russian Expo in Harbin, Putin said cooperation would be "
        "important.",
    )
    assert link.relation == "diverge"
    assert [d["kind"] for d in link.differences] == ["hedge"]
    assert link.differences[0]["a"] == "was supposed to visit"
    # What the other outlet states plainly, as it wrote it.
    assert link.differences[0]["b"] == "8th Sino-Russian Expo in Harbin"


def test_a_hedge_about_something_else_is_no_conflict() -> None:
    link = link_two(
        "Harbin, the capital of Heilongjiang province in China, has ties to Russia.",
        "Putin was supposed to visit trade forums in Harbin, the capital of Heilongjiang "
        "province in northern China.",
    )
    assert link.relation == "agree"


FINE_STORY_BACKGROUND = [
    "Korvex employs 22,000 people across the country.",
    "The company was founded in 1998 as a mail-order bookseller.",
    "Consumer groups have long criticised its delivery charges.",
    "The economy minister welcomed the decision.",
]


def test_two_amounts_of_one_currency_are_one_claim_that_diverges() -> None:
    # Worded differently ("fined" / "penalty", "watchdog" / "regulator", the amount
    # written two ways): the same fine, of two different amounts.
    refs = story_refs(
        [
            ["The watchdog fined Korvex EUR 1.2 billion on Wednesday.", *FINE_STORY_BACKGROUND],
            ["Korvex must pay a €1.3bn penalty, the regulator said.", *FINE_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    [link] = [x for x in links if "fined" in refs[x.a].text and "€1.3bn" in refs[x.b].text]
    assert link.relation == "diverge"
    assert {"kind": "number", "a": "EUR 1.2 billion", "b": "€1.3bn"} in link.differences


def test_a_month_matches_its_year_and_shared_dates_count_once() -> None:
    month = claim_terms(
        extract_claims("The regulator opened its inquiry in June 2021.")[0].features
    )
    year = claim_terms(extract_claims("The watchdog opened the investigation in 2021.")[0].features)
    assert {"date:2021-06", "date:2021"} <= month.keys()
    assert "date:2021" in year
    assert (
        _shared_evidence(
            {"date:2021-06", "date:2021", "open"}, {"date:2021-06", "date:2021", "open"}
        )
        == 2
    )


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Shares closed down 4.5% on Friday.", "qty:percent"),
        ("Shares fell 3 per cent within minutes.", "qty:percent"),
        ("The company was fined EUR 1.2 billion.", "qty:eur"),
        ("It must pay €1.3bn.", "qty:eur"),
        ("The survey put the magnitude at 7.1 on Tuesday.", "qty:magnitude"),
    ],
)
def test_each_quantity_gives_its_kind_as_a_term(sentence: str, kind: str) -> None:
    assert kind in claim_terms(extract_claims(sentence)[0].features)


def test_two_outlets_quoting_the_same_sentence_report_one_statement() -> None:
    # Printed a day apart, crediting different officials, beside paraphrases of the same
    # advice that score higher: the quote is verbatim, so it is the same statement.
    quote = "If you own one of these vehicles, do not charge it in your garage tonight"
    advice = {
        1: [
            "The FVSB told owners of the vehicles not to charge them in a garage.",
            "Owners can charge the vehicles outdoors, the FVSB said on Tuesday.",
        ],
        2: [
            "The FVSB has told owners not to charge the vehicles in garages.",
            "The FVSB said owners could charge the vehicles outdoors.",
        ],
    }
    refs = [
        *refs_of(
            f'"{quote}," FVSB Administrator Raymond Tull said on Tuesday.',
            1,
            0,
            dt.date(2025, 10, 14),
        ),
        *refs_of(
            f"“{quote},” said Gloria Benavides, a spokeswoman for the FVSB.",
            2,
            10,
            dt.date(2025, 10, 15),
        ),
        *(
            ref
            for article in (1, 2)
            for i, sentence in enumerate(FINE_STORY_BACKGROUND + advice[article])
            for ref in refs_of(sentence, article, 20 * article + i)
        ),
    ]
    [link] = [x for x in find_links(refs, []) if {x.a, x.b} == {0, 10}]
    assert link.relation == "diverge"
    assert link.differences == [{"kind": "entity", "a": "Raymond Tull", "b": "Gloria Benavides"}]


def test_who_spoke_a_quote_is_compared_as_its_speaker_not_as_a_name_in_the_wording() -> None:
    quote = "There was a huge bang and then the cabin filled with a burning smell"
    # "the Fremantle nurse" may well be "passenger Priya Nandakumar": nothing conflicts.
    link = link_two(
        f'"{quote}," the Fremantle nurse told MNA by telephone.',
        f'"{quote}," said passenger Priya Nandakumar.',
    )
    assert (link.relation, link.differences) == ("agree", [])
    # Where each outlet says the speaker works still differs.
    quote = "This is a central bank trying to win back credibility it lost"
    link = link_two(
        f'"{quote}," said Clara Wendt, chief economist at Haverly Bank in Korsund.',
        f'"{quote}," said Clara Wendt, an economist at Nordvik Securities.',
    )
    assert link.differences == [
        {"kind": "entity", "a": "Haverly Bank Korsund", "b": "Nordvik Securities"}
    ]


def test_the_same_quote_from_two_people_is_a_difference_of_speaker() -> None:
    link = link_two(
        '"Our members have been left with no choice," RTWU general secretary Tomas Brandt '
        "told reporters.",
        "“Our members have been left with no option but to strike,” said RTWU general "
        "secretary Marta Ilic.",
    )
    assert {"kind": "entity", "a": "Tomas Brandt", "b": "Marta Ilic"} in link.differences
    same = link_two(
        '"Our members have been left with no choice," RTWU leader Tomas Brandt told reporters.',
        "“Our members have been left with no choice,” Brandt said.",
    )
    assert same.relation == "agree"


def test_a_suspended_service_that_other_outlets_say_continued_diverges() -> None:
    link = link_two(
        "The Airport Express link to Castellan airport was suspended for the day.",
        "The Airport Express link to Castellan airport continued running all day.",
    )
    assert link.relation == "diverge"
    assert {"kind": "negation", "a": "suspended", "b": "continued"} in link.differences


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The economy grew 0.3% in the third quarter, preliminary data showed.",
            "Gross domestic product expanded by 0.3 per cent in the third quarter.",
        ),
        (
            "The statistics office said headline CPI reached 5.8% in October.",
            "The statistics office said inflation reached 5.8% in October.",
        ),
    ],
)
def test_economic_figures_named_two_ways_are_one_claim(a: str, b: str) -> None:
    assert link_two(a, b).relation == "agree"


def test_economic_indicators_read_as_what_they_measure() -> None:
    assert normalise_word("cpi") == normalise_word("inflation")
    assert normalise_word("gdp") == normalise_word("economy")
    [claim] = extract_claims("Consumer prices rose 5.8 per cent in the year to October.")
    assert normalise_word("inflation") in claim.features["terms"]
    assert normalise_word("increase") in claim.features["terms"]


def test_the_one_count_each_claim_gives_compares_whatever_it_counts() -> None:
    link = link_two(
        "The union said about 12,000 of its members had joined the stoppage on Tuesday.",
        "The operator said some 9,500 staff had joined the stoppage on Tuesday.",
    )
    assert {"kind": "number", "a": "12,000", "b": "9,500"} in link.differences


@pytest.mark.parametrize(
    ("a", "b", "difference"),
    [
        (
            "Pennant shares jumped 31% after the Kestrel deal on Monday.",
            "Pennant shares slipped 2% after the Kestrel deal on Monday.",
            {"kind": "negation", "a": "jumped", "b": "slipped"},
        ),
        (
            "Pennant's board rejected an earlier Kestrel offer of 360p in September.",
            "Pennant's board backed an earlier Kestrel offer of 360p in September.",
            {"kind": "negation", "a": "rejected", "b": "backed"},
        ),
        (
            "Highway 5 has reopened to escorted traffic north of Harlow Creek.",
            "Highway 5 remained closed to traffic north of Harlow Creek.",
            {"kind": "negation", "a": "reopened", "b": "closed"},
        ),
        (
            "The Chamber of Industry criticised the central bank's rate rise on Wednesday.",
            "The Chamber of Industry welcomed the central bank's rate rise on Wednesday.",
            {"kind": "negation", "a": "criticised", "b": "welcomed"},
        ),
        (
            "The florin ended the day 0.4% weaker against the euro after the rate rise.",
            "The florin ended the day 0.4% firmer against the euro after the rate rise.",
            {"kind": "negation", "a": "weaker", "b": "firmer"},
        ),
        # One office, two people: one outlet got the name wrong.
        (
            "Judge Helen Strachan revoked Ashcombe's bail and remanded him in custody.",
            "Judge Helen Strathearn revoked Ashcombe's bail and ordered him into custody.",
            {"kind": "entity", "a": "Helen Strachan", "b": "Helen Strathearn"},
        ),
        (
            '"Our members were left with no option but to strike," said RTWU general '
            "secretary Marta Ilic on Monday.",
            '"Our members were left with no choice at all," RTWU general secretary Tomas '
            "Brandt told reporters on Monday.",
            {"kind": "entity", "a": "Marta Ilic", "b": "Tomas Brandt"},
        ),
        # Two singular words before the plural they count: "31 … bridges".
        (
            "Minister Okafor ordered inspections of 23 bridges on Ontario's road network.",
            "Minister Okafor ordered inspections of all 31 steel truss bridges on Ontario's "
            "road network.",
            {"kind": "number", "a": "23", "b": "31"},
        ),
        # A round figure is rounded half up: 1,150 is no "about 1,100".
        (
            "The measures would leave a typical household about 1,100 kronor a year worse off.",
            "The measures would leave the average household 1,150 kronor a year worse off.",
            {"kind": "number", "a": "1,100", "b": "1,150"},
        ),
        # A bound on "a dozen" bounds the dozen.
        (
            "In Port Amara, Varga and Hakimi signed 12 agreements on mining and energy.",
            "In Port Amara, Varga and Hakimi signed more than a dozen agreements on mining "
            "and energy.",
            {"kind": "number", "a": "12", "b": "more than a dozen"},
        ),
        # A possessive between "of the" and the whole: the part still counts seats.
        (
            "Sorell's coalition holds 88 of the 165 seats in the National Assembly.",
            "Sorell's coalition holds 86 of the Assembly's 165 seats.",
            {"kind": "number", "a": "88", "b": "86"},
        ),
    ],
)
def test_conflicting_reports_diverge_with_the_difference(
    a: str, b: str, difference: dict[str, str]
) -> None:
    link = link_two(a, b)
    assert link.relation == "diverge"
    assert difference in link.differences


def test_a_share_in_words_compares_with_a_percentage() -> None:
    link = link_two(
        "By Tuesday evening the Gorman Lake fire was 20% contained, crews said.",
        "By Tuesday evening the Gorman Lake fire was only a quarter contained, crews said.",
    )
    assert {"kind": "number", "a": "20%", "b": "a quarter"} in link.differences
    same = link_two(
        "Mayor Strand won 52 per cent of the vote in Valmere on Sunday.",
        "Mayor Strand won just over half the vote in Valmere on Sunday.",
    )
    assert same.relation == "agree"


def test_two_counts_of_the_same_thing_are_one_claim() -> None:
    refs = story_refs(
        [
            ["At least 40 homes have been destroyed in Ridgeview.", *FINE_STORY_BACKGROUND],
            ["More than 70 houses have burned, officials now say.", *FINE_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    [link] = [x for x in links if {x.a, x.b} == {refs[0].key, refs[len(refs) // 2].key}]
    assert link.relation == "diverge"
    assert {"kind": "number", "a": "At least 40", "b": "More than 70"} in link.differences
    assert "qty:#" + normalise_word("leaders") not in claim_terms(
        extract_claims("The two leaders shared an embrace.")[0].features
    )


def test_an_anticipated_event_is_a_hedge_against_the_event() -> None:
    [held] = refs_of("Putin described his discussions with Xi as substantive.", 1, 0)
    [expected] = refs_of("It was anticipated that Xi and Putin would discuss trade.", 2, 10)
    differences = compare_details(held, expected)
    assert [(d["kind"], d["b"]) for d in differences] == [("hedge", "It was anticipated")]


def test_who_said_it_is_no_substitute_for_what_was_said() -> None:
    link = link_two(
        'Hakimi said the two countries shared "a river, a mountain range and now a common future".',
        '"Sundara and Veldonia share a river, a mountain range and now a common future," '
        "Hakimi said.",
    )
    assert [d for d in link.differences if d["kind"] == "entity"] == []


def test_a_clock_time_in_any_zone_gives_the_clock_kind_and_a_zone_is_no_name() -> None:
    gmt = extract_claims("The tremor hit at 1442 GMT on Monday.")[0].features
    local = extract_claims("The quake struck at 3.42am.")[0].features
    assert "qty:clock" in claim_terms(gmt)
    assert "qty:clock" in claim_terms(local)
    assert gmt["entities"] == []
    assert normalise_word("hit") == normalise_word("struck") == normalise_word("jolted")


def test_the_time_of_day_is_no_evidence_of_the_same_claim() -> None:
    refs = story_refs(
        [
            ["Rescuers reached the flooded valley on Tuesday afternoon.", *FINE_STORY_BACKGROUND],
            ["The minister resigned on Tuesday afternoon.", *FINE_STORY_BACKGROUND],
        ]
    )
    links = find_links(refs, [])
    assert relation_of(links, refs, "Rescuers", "resigned") in {"related", "none"}


def test_people_in_general_are_no_evidence_but_a_number_of_people_is() -> None:
    general = story_refs(
        [
            ["Evacuated people were staying in school halls.", *FINE_STORY_BACKGROUND],
            ["People are being asked to stay off the beaches.", *FINE_STORY_BACKGROUND],
        ]
    )
    links = find_links(general, [])
    assert relation_of(links, general, "school halls", "beaches") in {"related", "none"}
    counted = story_refs(
        [
            ["Seven people remained unaccounted for.", *FINE_STORY_BACKGROUND],
            ["Search teams are still looking for 7 people.", *FINE_STORY_BACKGROUND],
        ]
    )
    links = find_links(counted, [])
    assert relation_of(links, counted, "unaccounted", "looking") == "agree"


def test_a_place_in_a_town_is_not_the_town_and_opposite_words_are_one_claim() -> None:
    # "Gisborne" is in most claims of the story; "Gisborne Airport" is in two of them,
    # which say opposite things: the same claim, diverging.
    town = [
        "Gisborne was the worst hit town, police said.",
        "Most of Gisborne lost power overnight.",
        "Schools in Gisborne stayed shut on Tuesday.",
        "The mayor of Gisborne asked for calm.",
        "Gisborne's hospital treated 40 patients.",
        "Aftershocks rattled Gisborne all night.",
        "Roads out of Gisborne were blocked by slips.",
        "Gisborne residents slept in their cars.",
        "Volunteers handed out water in Gisborne.",
    ]
    refs = story_refs(
        [
            ["Gisborne Airport remained open to relief flights.", *town],
            ["Gisborne Airport was closed after engineers found cracks.", *town],
        ]
    )
    links = find_links(refs, [])
    [link] = [x for x in links if "remained open" in refs[x.a].text and "closed" in refs[x.b].text]
    assert link.relation == "diverge"
    assert {"kind": "negation", "a": "open", "b": "closed"} in link.differences


def test_the_market_opening_is_not_the_opposite_of_shares_closing() -> None:
    link = link_two(
        "Korvex shares closed down 4.5% on the Lindborg exchange.",
        "Korvex shares dropped 3 per cent after the market opening in Lindborg.",
    )
    assert [d["kind"] for d in link.differences] == ["number"]


@pytest.mark.parametrize(
    ("a", "b", "differences"),
    [
        (
            "The watchdog fined Korvex EUR 1.2 billion for abusing its position.",
            "The watchdog hit Korvex with a €1.3bn fine for abusing its position.",
            [{"kind": "number", "a": "EUR 1.2 billion", "b": "€1.3bn"}],
        ),
        (
            "The watchdog fined Korvex EUR 1.2 billion as its shares fell to EUR 38.20.",
            "The watchdog fined Korvex €1.2bn as its shares fell to EUR 38.20.",
            [],
        ),
    ],
)
def test_amounts_of_one_currency_compare_whatever_word_follows(
    a: str, b: str, differences: list[dict[str, str]]
) -> None:
    link = link_two(a, b)
    assert link.differences == differences


def test_a_defect_admitted_by_one_outlet_and_denied_by_another_diverges() -> None:
    link = link_two(
        "Corvane admitted in its recall filing that the battery cells of its Strata SUVs "
        "are defective.",
        "Corvane denied that the battery cells of its Strata SUVs are defective.",
    )
    assert link.relation == "diverge"
    assert any(d["kind"] == "negation" and d["a"] == "admitted" for d in link.differences)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "More than 350 firefighters were battling the blaze on Tuesday.",
            "Three firefighters were taken to hospital with burns.",
        ),
        (
            "Turnout rose by 4% in the northern wards.",
            "Turnout in the capital was 40% at the last election.",
        ),
    ],
)
def test_quantities_of_one_kind_far_apart_are_no_evidence_of_one_claim(
    first: str, second: str
) -> None:
    refs = story_refs([[first, *FINE_STORY_BACKGROUND], [second, *FINE_STORY_BACKGROUND]])
    links = find_links(refs, [])
    keys = {refs[0].key, refs[len(refs) // 2].key}
    assert not [x for x in links if {x.a, x.b} == keys and x.relation != "related"]


def test_a_dollar_the_text_does_not_place_is_the_dollar_the_other_names() -> None:
    link = link_two(
        "The ransomware group Grey Tide has demanded $5 million from Tallowood.",
        "The ransomware group Grey Tide has demanded US$8 million from Tallowood.",
    )
    assert {"kind": "number", "a": "$5 million", "b": "US$8 million"} in link.differences
    apart = link_two(
        "The ransomware group Grey Tide has demanded US$5 million from Tallowood.",
        "The ransomware group Grey Tide has demanded A$8 million from Tallowood.",
    )
    assert not [d for d in apart.differences if d["kind"] == "number"]


def test_an_order_extended_against_one_lifted_diverges() -> None:
    link = link_two(
        "Halvard County has extended the evacuation order for Corrigan Mills.",
        "Halvard County has lifted the evacuation order for Corrigan Mills.",
    )
    assert link.relation == "diverge"
    assert {"kind": "negation", "a": "extended", "b": "lifted"} in link.differences


# -- meaning (sentence embeddings) ---------------------------------------------------------


def with_vector(ref: ClaimRef, vector: np.ndarray) -> ClaimRef:
    unit = (vector / np.linalg.norm(vector)).astype(np.float16)
    return dataclasses.replace(ref, vector=unit.tobytes())


def axis(i: int, *, lean: int | None = None, weight: float = 0.0) -> np.ndarray:
    """A unit vector along dimension `i`, leaning `weight` towards dimension `lean`."""
    vector = np.zeros(384, dtype=np.float32)
    vector[i] = 1.0
    if lean is not None:
        vector[lean] = weight
    return vector


def test_claims_the_sentence_model_reads_as_unrelated_are_not_the_same_claim() -> None:
    a = refs_of("Mayor Ortiz won the election on Sunday with 52% of the vote.", 1, 0)
    b = refs_of("Mayor Ortiz won the election on Sunday and took 52% of the vote.", 2, 100)
    (plain,) = find_links(b, a)
    assert plain.relation == "agree"
    alike = find_links([with_vector(b[0], axis(0))], [with_vector(a[0], axis(0))])
    assert [link.relation for link in alike] == ["agree"]
    # Orthogonal meanings (cosine 0, below MEANING_FLOOR): shared words, another claim.
    unrelated = find_links([with_vector(b[0], axis(1))], [with_vector(a[0], axis(0))])
    assert [link.relation for link in unrelated] == ["related"]
    assert unrelated[0].score < plain.score


def test_meaning_adds_to_the_score_above_what_any_two_claims_of_a_story_share() -> None:
    a = refs_of("The jet made an emergency landing near Perth on Sunday afternoon.", 1, 0)
    b = refs_of("The plane was forced to return to Perth airport on Sunday.", 2, 100)
    words_only = pair_scores([*a, *b])
    assert len(words_only) == 1
    (score,) = words_only.values()
    # Identical meaning: 80% of the words' score plus the whole 20% share.
    same = pair_scores([with_vector(a[0], axis(0)), with_vector(b[0], axis(0))])
    assert list(same.values()) == [pytest.approx((1 - MEANING_WEIGHT) * score + MEANING_WEIGHT)]
    # Likeness at MEANING_BASE or below (what any two claims of a story share) adds nothing.
    lean = math.sqrt(1 / MEANING_BASE**2 - 1)  # cosine MEANING_BASE with axis(0)
    base = pair_scores(
        [with_vector(a[0], axis(0)), with_vector(b[0], axis(1, lean=0, weight=1 / lean))]
    )
    assert list(base.values()) == [pytest.approx((1 - MEANING_WEIGHT) * score, abs=2e-3)]
    # Vectors on one side only: words alone.
    one = pair_scores([with_vector(a[0], axis(0)), *b])
    assert list(one.values()) == [pytest.approx(score)]


def test_a_hedge_of_something_else_leaves_the_other_claims_verb_plain() -> None:
    link = link_two(
        "The agency said it may widen the recall to include 2024 Vela sedans.",
        "Benavides said the agency has widened the recall to include 2024 Vela sedans, "
        "though she could not say how many more cars that would add.",
    )
    assert link.relation == "diverge"
    assert {"kind": "hedge", "a": "may widen", "b": "widened"} in link.differences
    # Both hedging the same verb is one stance.
    both = link_two(
        "The agency said it may widen the recall to include 2024 Vela sedans.",
        "The agency may widen the recall to include 2024 Vela sedans, though it could not "
        "say how many cars that would add.",
    )
    assert not [d for d in both.differences if d["kind"] == "hedge"]


def test_two_people_with_different_offices_or_both_named_are_no_role_difference() -> None:
    link = link_two(
        "Finance Minister Annika Halvorsen met Defence Minister Lars Brekke on Tuesday.",
        "Defence Minister Lars Brekke met Finance Minister Annika Halvorsen on Tuesday.",
    )
    assert link.relation == "agree"

    def roles(a: str, b: str) -> list[dict[str, str]]:
        (fa,), (fb,) = extract_claims(a), extract_claims(b)
        return _role_differences(fa.text, fa.features, fb.text, fb.features)

    assert (
        roles(
            "Mayor Glen Hutchings said the bridge would be rebuilt.",
            "Police Chief Andrea Kowalczyk said the bridge would be rebuilt.",
        )
        == []
    )
    assert (
        roles(
            "Mayor Glen Hutchings said the bridge would be rebuilt.",
            "Mayor Glen Hutchings and Mayor Ann Lowe said the bridge would be rebuilt.",
        )
        == []
    )
    assert (
        roles(
            "Mayor Glen Hutchings said the bridge would be rebuilt.",
            "Mayor Hutchings said the bridge would be rebuilt.",
        )
        == []
    )
