"""Sentence segmentation: exact offsets, news-text abbreviations, quotes, and kinds."""

import pytest

from articles.segmentation import Kind, derive_title, paragraph_spans, segment


def texts_of(segments, kind=None):
    return [s.text for s in segments if kind is None or s.kind is kind]


def sentence_containing(segments, fragment):
    found = [s for s in segments if fragment in s.text]
    assert len(found) == 1, f"{fragment!r} is in {len(found)} sentences"
    return found[0]


def test_offsets_are_exact_on_every_sample(seed_texts, nlp):
    for text in seed_texts.values():
        segments = segment(text, nlp=nlp)
        assert segments
        for s in segments:
            assert text[s.start : s.end] == s.text
        assert [s.position for s in segments] == list(range(len(segments)))


@pytest.mark.parametrize(
    ("sample", "sentence"),
    [
        (
            "000",
            "Harbin, the capital of Heilongjiang province in China, has historical ties to "
            "Russian expatriates, reflected in landmarks like the St. Sophia Cathedral, a former "
            "Russian Orthodox church.",
        ),
        (
            "000",
            "Highlighting the personal aspect of their relationship, Putin announced plans for "
            "a joint school with his alma mater, St. Petersburg State University, and the Harbin "
            "institute, catering to 1,500 students.",
        ),
    ],
)
def test_saint_abbreviations_do_not_end_a_sentence(seed_texts, nlp, sample, sentence):
    text = next(t for name, t in seed_texts.items() if name.startswith(sample))
    assert sentence in texts_of(segment(text, nlp=nlp), Kind.BODY)


@pytest.mark.parametrize(
    ("sample", "ending"),
    [
        ("002", "and uphold fairness and justice in the world,” Xi stated."),
        ("003", "is a military school that is half under military management,” Hong said."),
    ],
)
def test_quotation_and_its_attribution_are_one_sentence(seed_texts, nlp, sample, ending):
    text = next(t for name, t in seed_texts.items() if name.startswith(sample))
    sentence = sentence_containing(segment(text, nlp=nlp), ending)
    assert sentence.text.endswith(ending)
    assert sentence.text.startswith("“")
    assert sentence.kind is Kind.BODY


def test_headlines_byline_and_subheading_are_not_body(seed_texts, nlp):
    text_002 = next(t for name, t in seed_texts.items() if name.startswith("002"))
    text_003 = next(t for name, t in seed_texts.items() if name.startswith("003"))
    first = segment(text_002, nlp=nlp)[0]
    assert first.kind is Kind.HEADLINE
    assert first.text.startswith("Joint declaration on strengthening")
    segments = segment(text_003, nlp=nlp)
    assert segments[0].kind is Kind.HEADLINE
    assert sentence_containing(segments, "By Qian Lang").kind is Kind.BYLINE
    assert sentence_containing(segments, "Desperate for resources").kind is Kind.HEADLINE


def test_the_sample_without_a_headline_starts_with_body(seed_texts, nlp):
    text_000 = next(t for name, t in seed_texts.items() if name.startswith("000"))
    assert segment(text_000, nlp=nlp)[0].kind is Kind.BODY


@pytest.mark.parametrize(
    "fragment",
    [
        "Leave a Reply",
        "Your email address will not be published.",
        "Required fields are marked *",
        "Content used with the permission of Radio Free Asia",
        "Radio Free Asia’s mission",
    ],
)
def test_comment_form_and_republication_lines_are_boilerplate(seed_texts, nlp, fragment):
    text_003 = next(t for name, t in seed_texts.items() if name.startswith("003"))
    assert sentence_containing(segment(text_003, nlp=nlp), fragment).kind is Kind.BOILERPLATE


def test_last_real_paragraph_of_the_third_sample_stays_body(seed_texts, nlp):
    text_003 = next(t for name, t in seed_texts.items() if name.startswith("003"))
    sentence = sentence_containing(segment(text_003, nlp=nlp), "components from China")
    assert sentence.kind is Kind.BODY


NEWS = """WASHINGTON — Mr. Biden met Gov. Newsom and Sen. J. D. Vance at No. 10 on Jan. 5, \
the U.S. embassy said. He spoke for 2.5 hours.

Prices rose 3.7% in Dec. to $1.2 billion, according to Dr. Ana Ruiz of the U.K. Treasury. \
The Treasury declined to comment.

“We are not leaving,” the mayor said. “Why would we?” she asked, before adding: “Never.”

Officials in the U.S. said the talks would resume at 9 a.m. on Friday. The delegation, led by \
Maj. Gen. Lee, arrives Thursday."""


def test_abbreviations_decimals_initials_and_quotes_in_other_news(nlp):
    sentences = texts_of(segment(NEWS, nlp=nlp))
    assert sentences == [
        "WASHINGTON — Mr. Biden met Gov. Newsom and Sen. J. D. Vance at No. 10 on Jan. 5, "
        "the U.S. embassy said.",
        "He spoke for 2.5 hours.",
        "Prices rose 3.7% in Dec. to $1.2 billion, according to Dr. Ana Ruiz of the U.K. Treasury.",
        "The Treasury declined to comment.",
        "“We are not leaving,” the mayor said.",
        "“Why would we?” she asked, before adding: “Never.”",
        "Officials in the U.S. said the talks would resume at 9 a.m. on Friday.",
        "The delegation, led by Maj. Gen. Lee, arrives Thursday.",
    ]


def test_place_and_office_abbreviations_do_not_end_a_sentence(nlp):
    text = (
        "The ferry left Sta. Felisa at 4:10am, said Atty. Ramon Cruz, a lawyer for the "
        "operator. Capt. Rommel Dacanay of the coast guard confirmed it."
    )
    assert texts_of(segment(text, nlp=nlp)) == [
        "The ferry left Sta. Felisa at 4:10am, said Atty. Ramon Cruz, a lawyer for the operator.",
        "Capt. Rommel Dacanay of the coast guard confirmed it.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“Why should we wait for anyone?” Varga asked reporters in Port Amara.",
        '"Why should we wait for anyone?" Varga asked reporters in Port Amara.',
        "“Enough!” Prime Minister Rizal Hakimi told the crowd.",
    ],
)
def test_a_quoted_question_and_its_speaker_are_one_sentence(nlp, text):
    assert texts_of(segment(text, nlp=nlp)) == [text]


def test_a_quoted_question_can_end_a_sentence(nlp):
    text = "“Why wait?” The minister left without answering."
    assert texts_of(segment(text, nlp=nlp)) == [
        "“Why wait?”",
        "The minister left without answering.",
    ]


def test_an_acronym_can_end_a_sentence(nlp):
    sentences = texts_of(segment("The envoy flew back to the U.S. The talks had failed.", nlp=nlp))
    assert sentences == ["The envoy flew back to the U.S.", "The talks had failed."]


def test_opening_quote_starts_the_next_sentence(nlp):
    sentences = texts_of(segment("He left the room. “We will return,” he said.", nlp=nlp))
    assert sentences == ["He left the room.", "“We will return,” he said."]


def test_blank_lines_make_paragraphs_and_single_newlines_are_soft_wraps(nlp):
    text = "First line of a wrapped\nparagraph ends here.\n\nSecond paragraph.\n"
    segments = segment(text, nlp=nlp)
    assert [s.paragraph for s in segments] == [0, 1]
    assert segments[0].text == "First line of a wrapped\nparagraph ends here."


def test_without_blank_lines_every_line_is_a_paragraph():
    text = "One.\nTwo.\n\n"
    assert paragraph_spans(text.rstrip()) == [(0, 4), (5, 9)]


def test_boilerplate_phrase_early_in_an_article_does_not_swallow_the_body(nlp):
    text = (
        "Photo: Reuters\n\nThe city council approved the budget on Tuesday.\n\n"
        "The vote was 7 to 2.\n\nCritics said the plan was rushed.\n\nThe mayor disagreed."
    )
    segments = segment(text, nlp=nlp)
    assert segments[0].kind is Kind.BOILERPLATE
    assert [s.kind for s in segments[1:]] == [Kind.BODY] * 4


def test_audio_and_app_prompts_are_boilerplate_but_a_quote_is_not(nlp):
    text = (
        "The council approved the budget on Tuesday.\n\n"
        "Listen to the full bulletin on Radio Estmark Play.\n\n"
        "Listen to the people, the mayor told the council.\n\nThe vote was 7 to 2.\n\n"
        "Download our news app for alerts."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("The council ", Kind.BODY),
        ("Listen to th", Kind.BOILERPLATE),
        ("Listen to th", Kind.BODY),
        ("The vote was", Kind.BODY),
        ("Download our", Kind.BOILERPLATE),
    ]


def test_contact_lines_and_subscription_offers_are_boilerplate(nlp):
    text = (
        "The recall covers 210,000 cars.\n\n"
        "Contact between the two firms was limited, the report said.\n\n"
        "Contact Tessa Marchetti at 970-555-0142 or tmarchetti@weldcourier.com.\n\n"
        "Subscribe to the Courier: unlimited digital access for $1 a month."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("The recall c", Kind.BODY),
        ("Contact betw", Kind.BODY),
        ("Contact Tess", Kind.BOILERPLATE),
        ("Subscribe to", Kind.BOILERPLATE),
    ]


def test_live_blog_timestamps_head_their_updates_and_sign_offs_are_boilerplate(nlp):
    text = (
        "Wildfire forces thousands from Harlow Creek\n\n"
        "UPDATE 8:05 a.m.\n\n"
        "The fire has burned 12,000 hectares, officials said.\n\n"
        "UPDATE 1:30 p.m.\n\n"
        "Highway 5 has reopened to traffic.\n\n"
        "At 3:15 p.m. the wind turned.\n\n"
        "Have a photo of the fire? Send it to our newsroom at tips@ipbnews.ca.\n\n"
        "Stay with IPB News for the latest updates."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("Wildfire for", Kind.HEADLINE),
        ("UPDATE 8:05 ", Kind.HEADLINE),
        ("The fire has", Kind.BODY),
        ("UPDATE 1:30 ", Kind.HEADLINE),
        ("Highway 5 ha", Kind.BODY),
        ("At 3:15 p.m.", Kind.BODY),
        ("Have a photo", Kind.BOILERPLATE),  # the trailer starts with its paragraph
        ("Send it to o", Kind.BOILERPLATE),
        ("Stay with IP", Kind.BOILERPLATE),
    ]


def test_title_is_the_headline_or_the_shortened_first_sentence(seed_texts, nlp):
    text_003 = next(t for name, t in seed_texts.items() if name.startswith("003"))
    text_000 = next(t for name, t in seed_texts.items() if name.startswith("000"))
    assert derive_title(segment(text_003, nlp=nlp)) == (
        "Putin Talks Tech, Energy Cooperation In China’s Harbin"
    )
    title = derive_title(segment(text_000, nlp=nlp))
    assert title.startswith("Russian President Vladimir Putin finished a two-day trip")
    assert title.endswith("…")
    assert len(title) <= 120


def test_only_two_non_ascii_characters_lower_case_to_ascii():
    # segmentation._phrase_rules_in looks for the (ASCII) boilerplate cues in the text with
    # only its ASCII letters lower-cased; that equals full lower-casing for the cues unless
    # a non-ASCII character lower-cases to ASCII, and only these two do (handled apart).
    import sys

    found = {
        code
        for code in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and any(ord(c) < 0x80 for c in chr(code).lower())
    }
    assert found == {0x130, 0x212A}


def test_a_timestamp_on_the_line_above_its_update_heads_it(nlp):
    text = (
        "Darwesh floods live: death toll rises to 17\n\n"
        "9:15pm\nThe death toll has risen to 17, the district administration says.\n\n"
        "8:40pm\nThe evacuation order for Old Qalagarh has been lifted.\n"
        "Families can start returning tonight.\n\n"
        "At 3:15 p.m. the river began to recede.\n\n"
        "This article appeared in print on August 27, 2025."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("Darwesh floo", Kind.HEADLINE),
        ("9:15pm", Kind.HEADLINE),
        ("The death to", Kind.BODY),
        ("8:40pm", Kind.HEADLINE),
        ("The evacuati", Kind.BODY),
        ("Families can", Kind.BODY),
        ("At 3:15 p.m.", Kind.BODY),
        ("This article", Kind.BOILERPLATE),
    ]


def test_a_live_page_signing_off_is_boilerplate(nlp):
    text = (
        "Rates live: the bank surprises markets\n\n"
        "The bank raised rates on Wednesday. That is all it did, traders said.\n\n"
        "That's all from us today. Thanks for following our coverage.\n\n"
        "This live blog is now closed.\n\n"
        "We're pausing our live coverage here."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("Rates live: ", Kind.HEADLINE),
        ("The bank rai", Kind.BODY),
        ("That is all ", Kind.BODY),
        ("That's all f", Kind.BOILERPLATE),
        ("Thanks for f", Kind.BOILERPLATE),
        ("This live bl", Kind.BOILERPLATE),
        ("We're pausin", Kind.BOILERPLATE),
    ]


def test_a_dateline_ending_in_an_abbreviation_opens_its_sentence(nlp):
    text = (
        "Boy dies in E. coli outbreak\n\n"
        "Friday, October 10, 2025\n\n"
        "BRANDWELL, MAN. — A five-year-old boy has died in Brandwell, Man., officials said. "
        "He was the second victim.\n\n"
        "He said no. — The rest is silence."
    )
    body = [s.text for s in segment(text, nlp=nlp) if s.kind is Kind.BODY]
    assert body == [
        "BRANDWELL, MAN. — A five-year-old boy has died in Brandwell, Man., officials said.",
        "He was the second victim.",
        "He said no. —",
        "The rest is silence.",
    ]


def test_a_dateline_of_several_words_in_capitals_opens_its_sentence(nlp):
    text = "PORT DANESBY, Ont. - The death toll from the explosion rose to four overnight."
    assert texts_of(segment(text, nlp=nlp)) == [text]


def test_page_date_lines_update_notices_and_bracketed_credits_are_not_claims(nlp):
    text = (
        "Blast kills three at fertilizer plant\n\n"
        "Tuesday, June 10, 2025 | Last updated 7:45 p.m.\n\n"
        "This story will be updated as more information becomes available.\n\n"
        "7:45 p.m.\n\n"
        "Three people are now confirmed dead, Fire Chief Alan Whitcombe said. "
        "Ward 2 Coun. Rick Dufresne said neighbours had complained for years. "
        "The order stays in place, OPP Const. Marie-Claude Tessier said.\n\n"
        "(Reporting by Hannah Okonjo in Port Danesby and Luis Ferreira in Toronto; Additional "
        "reporting by Grace Adeyemi in Ottawa; Editing by Mark Halloran)"
    )
    segments = segment(text, nlp=nlp)
    body = [s.text for s in segments if s.kind is Kind.BODY]
    assert body == [
        "Three people are now confirmed dead, Fire Chief Alan Whitcombe said.",
        "Ward 2 Coun. Rick Dufresne said neighbours had complained for years.",
        "The order stays in place, OPP Const. Marie-Claude Tessier said.",
    ]
    kinds = {s.text[:12]: s.kind for s in segments}
    assert kinds["Tuesday, Jun"] is Kind.BOILERPLATE
    assert kinds["This story w"] is Kind.BOILERPLATE
    assert kinds["(Reporting b"] is Kind.BYLINE


def test_a_photo_caption_keeps_its_bracketed_credit_and_a_standfirst_is_a_heading(nlp):
    text = (
        "Home at last, but the price of freedom leaves a bitter taste\n\n"
        "Analysis: the release of the Ostpark killer may buy a thaw with Kastrograd, but "
        "critics warn it will also invite the next arrest\n\n"
        "By Ines Varga, Diplomatic Editor\n\n"
        "Photo: Divers work beside the fallen span in Port Aldous, Ont., on Friday. "
        "(Marc Delisle/The National Ledger)\n\n"
        "Five prisoners landed at Vessberg air base just before midnight.\n\n"
        "Their release came after months of talks, officials said, and the opposition "
        "called it a ransom paid to a regime that would only be encouraged to take more "
        "hostages\n\n"
        "The government rejected that."
    )
    kinds = [(s.text[:12], s.kind) for s in segment(text, nlp=nlp)]
    assert kinds == [
        ("Home at last", Kind.HEADLINE),
        ("Analysis: th", Kind.HEADLINE),
        ("By Ines Varg", Kind.BYLINE),
        ("Photo: Diver", Kind.BOILERPLATE),
        ("(Marc Delisl", Kind.BOILERPLATE),
        ("Five prisone", Kind.BODY),
        # In the body, a long paragraph that lost its full stop is still body text.
        ("Their releas", Kind.BODY),
        ("The governme", Kind.BODY),
    ]
