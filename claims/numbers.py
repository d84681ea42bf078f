"""Numbers in claims: reading them from tokens, and comparing them as values.

A number is read with its scale ("2.5 million"), currency ("$3bn"), unit ("9.8 ft"),
whether it is an ordinal ("8th", "fifth"), whether it is approximate ("about 40") and the
word it counts ("1,500 students"). Two numbers are the same value when they are equal
after converting units of the same dimension, allowing for the rounding that converting
between systems implies, or within a margin when either one is approximate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from claims.lexicon import (
    APPROXIMATE_PHRASES,
    APPROXIMATORS,
    BOUNDS,
    COUNT_WORDS,
    CURRENCIES,
    DOLLAR_COUNTRIES,
    ORDINAL_WORDS,
    SCALE_WORDS,
    STOPWORDS,
    STRICT_BOUNDS,
    TENS_WORDS,
    TIMES_OF_DAY,
    UNITS,
    UNITS_WORDS,
)
from claims.tokens import Tok, join

DOLLARS = frozenset({"dollar", *DOLLAR_COUNTRIES.values()})
# Words after a number that say when, not what it counts.
WHEN_WORDS = TIMES_OF_DAY | {"earlier", "later", "ago", "afterwards"}
# Words ending in "s" that follow a counted noun without being its head ("40 people
# was", "5 million customers has").
NOT_HEADS = frozenset("was has is does says thus always across perhaps".split())

DIGITS = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$|^\d+\.\d+$")
ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
DECADE = re.compile(r"^(\d{2,4})s$")
# Converting between unit systems rounds: "3 metres" is given as "9.8 ft".
CONVERSION_TOLERANCE = 0.04
APPROXIMATE_TOLERANCE = 0.1
MAGNITUDE_WORDS = frozenset({"magnitude", "richter", "scale"})
# Shares said in words, as percentages.
FRACTIONS = {"quarter": 25.0, "third": 100 / 3, "half": 50.0}
# "half the vote", "half of its staff", "half their value": half as a share.
SHARE_FOLLOWERS = frozenset({"the", "of", "its", "their", "his", "her", "our"})
# Words near "5-2" that make it a vote or a score, not a range ("aged 5-7").
TALLY_WORDS = frozenset(
    "vote votes voted voting ballot majority margin split decision ruling ruled "
    "won win wins beat beats defeated defeat lost lose loses victory score scored draw drew "
    "final".split()
)
DASHES = frozenset({"-", "–"})
# "one in 1,000" is a share; "5 in 2023" is not (years are dates, read before numbers).
MAX_RATIO_WHOLE = 1000


def word_value(word: str) -> float | None:
    """The value of one cardinal number word or digit string, else None."""
    if word in UNITS_WORDS:
        return float(UNITS_WORDS[word])
    if word in TENS_WORDS:
        return float(TENS_WORDS[word])
    if DIGITS.match(word):
        return float(word.replace(",", ""))
    return None


def read_numbers(tokens: Sequence[Tok], skip: set[int]) -> list[dict[str, Any]]:
    """Numbers among `tokens` (indices in `skip` belong to dates and times already)."""
    numbers: list[dict[str, Any]] = []
    i = 0
    n = len(tokens)
    while i < n:
        if i in skip:
            i += 1
            continue
        tally = _read_tally(tokens, i)
        if tally is not None:
            end, (high, low) = tally
            numbers.append(
                _span_number(tokens, i, end, high, dim="tally", approx=False, tally=[high, low])
            )
            i = end
            continue
        half = _read_half(tokens, i)
        if half is not None:
            end, value = half
            number = _describe(tokens, i, end, value, False, skip)
            numbers.append(number)
            i = max(end, number.pop("_next"))
            continue
        period = _read_single_period(tokens, i)
        if period is not None:
            end, unit = period
            dim, factor = UNITS[unit]
            number = _span_number(tokens, i, end, 1.0, dim=dim, approx=False, unit=unit)
            numbers.append({**number, "base": factor})
            i = end
            continue
        fraction = _read_fraction(tokens, i) or _read_ratio(tokens, i, skip)
        if fraction is not None:
            end, share = fraction
            # "a quarter" is 25% give or take.
            numbers.append(
                _span_number(tokens, i, end, round(share, 6), unit="%", dim="percent", approx=True)
            )
            i = end
            continue
        parsed = _read_number(tokens, i, skip)
        if parsed is None:
            i += 1
            continue
        start, end, value, ordinal = parsed
        number = _describe(tokens, start, end, value, ordinal, skip)
        numbers.append(number)
        i = max(end, number.pop("_next"))
    return numbers


# Periods that "a" counts as one when something is given for them: "a year of free
# credit monitoring" is one year ("two years of …" the other outlet's figure).
SINGLE_PERIODS = frozenset({"day", "week", "month", "year"})


def _read_single_period(tokens: Sequence[Tok], i: int) -> tuple[int, str] | None:
    """ "a year of …": (the index after the period word, the unit)."""
    if (
        tokens[i].lower in {"a", "an"}
        and i + 2 < len(tokens)
        and tokens[i + 1].lower in SINGLE_PERIODS
        and tokens[i + 2].lower == "of"
    ):
        return i + 2, tokens[i + 1].lower
    return None


def _read_half(tokens: Sequence[Tok], i: int) -> tuple[int, float] | None:
    """ "half a dozen kids", "half a million people": (the index after, the value)."""
    if tokens[i].lower != "half" or i + 2 >= len(tokens) or tokens[i + 1].lower != "a":
        return None
    word = tokens[i + 2].lower
    whole = COUNT_WORDS.get(word) if word == "dozen" else SCALE_WORDS.get(word)
    if whole is None or not tokens[i + 2].is_word or len(word) < 5:  # not "half a m"
        return None
    return i + 3, whole / 2


def _read_tally(tokens: Sequence[Tok], i: int) -> tuple[int, tuple[int, int]] | None:
    """A vote or a score read as one number: "voted 5-2", "the vote was 6–1", "won
    3-1", "by five votes to two"; not a range ("5-7 people", "aged 5-7 years"). Its end
    and its two sides, the larger first ("1-3" is "3-1" told by the loser)."""
    n = len(tokens)
    first = word_value(tokens[i].lower)
    if first is None or not first.is_integer():
        return None
    end = 0
    second: float | None = None
    if (
        i + 2 < n
        and tokens[i + 1].text in DASHES
        and tokens[i].end == tokens[i + 1].start
        and tokens[i + 1].end == tokens[i + 2].start
        and DIGITS.match(tokens[i].lower)
        and DIGITS.match(tokens[i + 2].lower)
    ):
        second, end = word_value(tokens[i + 2].lower), i + 3
        near = {t.lower for t in tokens[max(0, i - 4) : i]} | {
            t.lower for t in tokens[end : end + 2]
        }
        counted = end < n and tokens[end].is_word and tokens[end].lower not in STOPWORDS
        if not near & TALLY_WORDS or (counted and tokens[end].lower not in TALLY_WORDS):
            return None
    elif i + 3 < n and tokens[i + 1].lower in {"votes", "vote"} and tokens[i + 2].lower == "to":
        second, end = word_value(tokens[i + 3].lower), i + 4
    if second is None or not second.is_integer():
        return None
    return end, (int(max(first, second)), int(min(first, second)))


def _read_ratio(tokens: Sequence[Tok], i: int, skip: set[int]) -> tuple[int, float] | None:
    """A share said as so many in so many ("six in ten", "one in five", "3 out of 4"):
    its end and its percentage; else None."""
    n = len(tokens)
    part = word_value(tokens[i].lower)
    k = i + 1
    if k < n and tokens[k].lower == "out" and k + 1 < n and tokens[k + 1].lower == "of":
        k += 1
    elif not (k < n and tokens[k].lower == "in"):
        return None
    whole = word_value(tokens[k + 1].lower) if k + 1 < n and k + 1 not in skip else None
    if part is None or whole is None or not 0 < part < whole <= MAX_RATIO_WHOLE:
        return None
    return k + 2, 100 * part / whole


def _read_fraction(tokens: Sequence[Tok], i: int) -> tuple[int, float] | None:
    """A share said in words ("a quarter contained", "half the vote", "a third of its
    value", "two-thirds"): its end and its percentage; else None."""
    n = len(tokens)
    word = tokens[i].lower
    nxt = tokens[i + 1].lower if i + 1 < n else ""
    after = tokens[i + 2].lower if i + 2 < n else ""
    if word in {"a", "one"} and nxt in FRACTIONS:
        # "a third term" is an ordinal; "a third of", "a quarter contained" are shares;
        # "a half-hourly service", "a quarter-final" are neither.
        if (nxt == "third" and after != "of") or after == "-":
            return None
        return i + 2, FRACTIONS[nxt]
    if word == "half" and nxt in SHARE_FOLLOWERS:
        before = tokens[i - 1].lower if i > 0 else ""
        if before in {"first", "second", "the", "a"}:
            return None  # "the first half of 2026"
        return i + 1, 50.0
    if word in {"two", "three"}:
        k = i + 2 if nxt == "-" else i + 1
        plural = tokens[k].lower if k < n else ""
        if (word, plural) in {("two", "thirds"), ("three", "quarters")}:
            return k + 1, 200 / 3 if word == "two" else 75.0
    return None


def _span_number(
    tokens: Sequence[Tok],
    start: int,
    end: int,
    value: float,
    *,
    dim: str,
    approx: bool,
    unit: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A number that its whole span states, with no currency, unit word or counted noun
    read after it: a share ("six in ten") or a tally ("5-2")."""
    return {
        "text": join(tokens[start:end]),
        "start": tokens[start].start,
        "end": tokens[end - 1].end,
        "value": float(value),
        "base": float(value),
        "unit": unit,
        "dim": dim,
        "currency": None,
        "ordinal": False,
        "approx": approx,
        "counts": "",
        **extra,
    }


def _read_number(
    tokens: Sequence[Tok], i: int, skip: set[int]
) -> tuple[int, int, float, bool] | None:
    word = tokens[i].lower
    if match := ORDINAL_DIGITS.match(word):
        return i, i + 1, float(match.group(1)), True
    if word in ORDINAL_WORDS:
        return i, i + 1, float(ORDINAL_WORDS[word]), True
    if match := DECADE.match(word):
        return i, i + 1, float(match.group(1)), False
    if word in COUNT_WORDS and not (word == "score" or word == "pair"):
        if word == "half" and not (i + 1 < len(tokens) and tokens[i + 1].lower in SCALE_WORDS):
            return None
        return i, i + 1, float(COUNT_WORDS[word]), False
    value = word_value(word)
    if value is None:
        return None
    if word == "one" and not _counts_something(tokens, i):
        return None  # "one of the", "one another" are not counts
    end = i + 1
    total = 0.0
    current = value
    while end < len(tokens) and end not in skip:
        nxt = tokens[end].lower
        if nxt == "-" and end + 1 < len(tokens) and tokens[end + 1].lower in UNITS_WORDS:
            end += 1  # "twenty-five"
            continue
        nxt_value = word_value(nxt) if not DIGITS.match(nxt) else None
        if nxt_value is not None and current >= 20 and nxt_value < 10 and current % 10 == 0:
            current += nxt_value
        elif nxt_value is not None and current == 0 and total > 0:
            current = nxt_value  # "twenty-one thousand three hundred"
        elif nxt in SCALE_WORDS and (
            nxt not in {"m", "k"} or not tokens[end].start > tokens[end - 1].end
        ):
            scale = SCALE_WORDS[nxt]
            if scale == 100:
                current *= scale
            else:
                total += current * scale
                current = 0.0
        elif nxt == "and" and end + 1 < len(tokens) and word_value(tokens[end + 1].lower):
            pass
        else:
            break
        end += 1
    return i, end, total + current, False


def _counts_something(tokens: Sequence[Tok], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1].lower
    return nxt not in STOPWORDS and nxt not in {"another", "'s", "’s"} and tokens[i + 1].is_word


def _marked_dollar(tokens: Sequence[Tok], start: int) -> str | None:
    """The dollar a country's letters mark, before or after the sign: "US$5 million",
    "$US8 million", "A$150 million", "NZ$20m" (a bare "$" is any dollar: `same_currency`)."""
    if start < 2:
        return None
    first, second = tokens[start - 2], tokens[start - 1]
    if first.end != second.start or second.end != tokens[start].start:
        return None
    letters = first if second.text == "$" else second if first.text == "$" else None
    if letters is None or not letters.text.isupper():
        return None
    return DOLLAR_COUNTRIES.get(letters.lower)


# Verbs that bring a count to a new value ("rose to", "reached", "stood at").
CHANGE_VERBS = frozenset(
    """rose risen rise rises climbed climb climbs reached reach reaches hit hits jumped
    jump jumps increased increase increases grew grown grow grows fell fallen fall falls
    dropped drop drops declined decline declines stood stands stand totalled totaled
    total totals""".split()
)
# Counted nouns that count what another word does: "claimed 23 lives", "nine bodies".
COUNTED_AS = {"lives": "dead", "bodies": "dead", "corpses": "dead"}
AUXILIARIES = frozenset("has have had is are was were now further since then".split())
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "that", "which"})
SUBJECT_PREPOSITIONS = frozenset("of from in at on for with among after across".split())
AMOUNT_NOUNS = frozenset("number total count tally".split())


# What befalls the people a count counts ("nine people were killed", "killing nine
# people"): compared with a count of the dead ("the death toll rose to 17"), not as a
# term of its own (the people stay what the count counts).
PEOPLE_STATES = frozenset(
    """killed killing dead died injured injuring hurt wounded rescued missing evacuated
    displaced trapped stranded drowned""".split()
)
PEOPLE_WORDS = ("people", "persons", "individuals")


@functools.cache
def _people_norms() -> frozenset[str]:
    return frozenset(normalise_word(word) for word in PEOPLE_WORDS)


def _state_of_people(tokens: Sequence[Tok], first: int, noun: int) -> str:
    """The state a count of people is in, from the words just before the number (or the
    verb just after its noun), within the clause; "" when none is said."""
    before = range(first - 1, max(first - 4, -1), -1)
    after = range(noun + 1, min(noun + 4, len(tokens)))
    for index in (*before, *after):
        token = tokens[index]
        if token.text in {",", ";", ":", "(", ")"} or token.lower in {"and", "but"}:
            break
        if token.lower in PEOPLE_STATES:
            return normalise_word(token.lower)
    return ""


def _changed_subject(tokens: Sequence[Tok], first: int) -> str:
    """The noun of the subject whose count a change verb gives at `first`, or ""."""
    k = first - 1
    if k >= 0 and tokens[k].lower in {"to", "at"}:
        k -= 1
    if k < 1 or tokens[k].lower not in CHANGE_VERBS:
        return ""
    k -= 1
    while k >= 0 and tokens[k].lower in AUXILIARIES:
        k -= 1
    end = k + 1
    while k >= 0 and tokens[k].text not in CLAUSE_BREAKS and end - k < 12:
        k -= 1
    subject = [t for t in tokens[k + 1 : end] if t.is_word]
    # The head comes before the subject's first preposition ("the death toll from the
    # quake in Tairāwhiti"), except in "the number of cases".
    cut = next((m for m, t in enumerate(subject) if t.lower in SUBJECT_PREPOSITIONS), None)
    if cut is not None and cut > 0 and subject[cut - 1].lower in AMOUNT_NOUNS:
        rest = subject[cut + 1 :]
        after = next((m for m, t in enumerate(rest) if t.lower in SUBJECT_PREPOSITIONS), None)
        head = rest[:after]
    else:
        head = subject[:cut]
    if not head or head[-1].lower in STOPWORDS:
        return ""
    return normalise_word(head[-1].lower)


def _compound_head(tokens: Sequence[Tok], k: int) -> str:
    """The word a count counts: "30 rail cars" counts cars, "200 police officers" officers
    (a singular word before a plural one modifies it); "40 homes" counts homes."""
    word = tokens[k].lower
    if word.endswith("s"):
        return word
    # "31 steel truss bridges": up to two singular words may modify the plural head.
    for following in (t.lower for t in tokens[k + 1 : k + 3]):
        if not following[:1].isalpha() or following in STOPWORDS or following in NOT_HEADS:
            break
        if following.endswith("s") and not following.endswith("ss") and len(following) > 3:
            return following
    return word


def _describe(
    tokens: Sequence[Tok], start: int, end: int, value: float, ordinal: bool, skip: set[int]
) -> dict[str, Any]:
    # "more than a dozen", "at least a hundred": what comes before the article.
    lead = start - (start > 0 and tokens[start - 1].lower == "a" and tokens[start].is_word)
    before = tokens[lead - 1].lower if lead > 0 else ""
    before2 = tokens[lead - 2].lower if lead > 1 else ""
    phrase = f"{before2} {before}"
    approx = before in APPROXIMATORS or phrase in APPROXIMATE_PHRASES
    bound = approx and (before in BOUNDS or phrase in BOUNDS)
    strict = bound and (before in STRICT_BOUNDS or phrase in STRICT_BOUNDS)
    # "$3bn", "€1.2 billion", and the ISO code written before the amount: "EUR 1.2 billion".
    code = start > 0 and len(before) == 3 and tokens[start - 1].text.isupper()
    symbol = before in {"$", "€", "£", "¥", "us$"}
    currency = CURRENCIES.get(before) if symbol or (code and before in CURRENCIES) else None
    first = start - (1 if currency else 0)
    dollar = _marked_dollar(tokens, start)
    if dollar:
        currency, first = dollar, start - 2
    unit: str | None = None
    dim: str | None = None
    factor = 1.0
    j = end
    # "two-day", "7.1-magnitude": the hyphen binds the number to its noun.
    hyphen = j < len(tokens) and tokens[j].lower == "-" and j + 1 < len(tokens)
    if hyphen:
        j += 1
    if j < len(tokens):
        word = tokens[j].lower
        two = f"{word} {tokens[j + 1].lower}" if j + 1 < len(tokens) else ""
        if two in UNITS:
            unit, (dim, factor) = two, UNITS[two]
            j += 2
        elif word in UNITS and word != "in":  # "12 in Beijing" is not inches
            unit, (dim, factor) = word, UNITS[word]
            j += 1
        elif word in CURRENCIES and word not in {"$", "€", "£", "¥"}:
            currency = CURRENCIES[word]
            j += 1
    if hyphen and unit is None:
        j = end
    if before in MAGNITUDE_WORDS or (before in {"of", "at"} and before2 in MAGNITUDE_WORDS):
        unit, dim = "magnitude", "magnitude"
    counts = ""
    k = j
    # "28 of the 55 seats", "86 of the Assembly's 165 seats": the part counts what the
    # whole does.
    of = j + (2 if j + 1 < len(tokens) and tokens[j + 1].lower == "the" else 1)
    if of + 1 < len(tokens) and tokens[of + 1].lower in {"'s", "’s"}:
        of += 2
    if (
        j < len(tokens)
        and tokens[j].lower == "of"
        and of < len(tokens)
        and DIGITS.match(tokens[of].text)
    ):
        k = of + 1
    limit = k + 3
    while k < len(tokens) and k < limit and k not in skip:
        word = tokens[k].lower
        if word in WHEN_WORDS:
            break  # "rose to four overnight": when, not what the four are
        if tokens[k].is_word and word not in STOPWORDS and word not in APPROXIMATORS:
            head = _compound_head(tokens, k)
            counts = normalise_word(COUNTED_AS.get(head, head))
            if word in MAGNITUDE_WORDS and dim is None:
                unit, dim = "magnitude", "magnitude"
            break
        if not tokens[k].is_word and word not in {"-"}:
            break
        k += 1
    if (k > j or not counts) and not unit and not currency:
        # "Confirmed cases have risen to 46", "the number of cases reached 52 on
        # Thursday": the count's noun is the subject of the change, not what follows.
        counts = _changed_subject(tokens, first) or counts
    befell = _state_of_people(tokens, first, k) if counts in _people_norms() else ""
    if unit and dim and dim.startswith("temperature"):
        base = (value - 32) * 5 / 9 if dim == "temperature-f" else value
        dim = "temperature"
    else:
        base = value * factor
    last = max(j, end) - 1
    # "to 5.8% from 5.1%", "up from about 1,200": the value before the change.
    previous = before == "from" or (before in APPROXIMATORS and before2 == "from")
    if bound and first == start:
        first = lead - (1 if before in BOUNDS else 2)  # "at least 14" is the figure, not "14"
    return {
        "text": join(tokens[first : last + 1]),
        "start": tokens[first].start,
        "end": tokens[last].end,
        "value": value,
        "base": round(base, 6),
        "unit": unit,
        "dim": dim,
        "currency": currency,
        "ordinal": ordinal,
        "approx": approx,
        "counts": counts,
        **({"previous": True} if previous else {}),
        **({"bound": True} if bound else {}),
        **({"strict": True} if strict else {}),
        **({"befell": befell} if befell else {}),
        "_next": j,
    }


def normalise_word(word: str) -> str:
    # Imported late: extraction imports this module.
    from claims.extraction import normalise_word as normalise

    return normalise(word)


def same_quantity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two numbers measure the same kind of thing, so their values may be compared."""
    if a["ordinal"] != b["ordinal"]:
        return False
    if (a["dim"] or b["dim"]) and a["dim"] != b["dim"]:
        return False
    return not (a["currency"] and b["currency"] and not same_currency(a, b))


def same_currency(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two amounts are in one currency: a dollar the text does not place ("$5m",
    "5 million dollars") is whichever dollar the other names ("US$5m", "A$5m")."""
    x, y = a["currency"], b["currency"]
    if x == y:
        return bool(x)
    return "dollar" in {x, y} and {x, y} <= DOLLARS


def currency_kind(currency: str) -> str:
    """The kind of amount a currency makes: every dollar is one ("qty:dollar")."""
    return "dollar" if currency in DOLLARS else currency


def _scale(number: dict[str, Any]) -> tuple[str, float] | None:
    """The unit's scale and size ("km": length, 1000; "°F": Fahrenheit), None without one."""
    unit = number.get("unit")
    return UNITS.get(unit) if unit else None


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])


def _rounds_to(x: float, y: float) -> bool:
    """Whether the more precise of two decimals, rounded as the other is written, is the
    other: "5.62%" is "5.6 per cent" to one decimal. A whole number is no rounding ("2
    million" and "2.4 million" differ)."""
    places = min(_decimals(x), _decimals(y))
    if places == 0 or _decimals(x) == _decimals(y):
        return False
    return abs(float(x) - float(y)) <= 0.5 * 10**-places + 1e-9


def _rounding_reach(number: dict[str, Any]) -> float:
    """Half the place value of a round figure's last significant digit, in base units:
    "about 1.2 million" reaches 50,000 either way, "about 2,000" 500, "about 30" 5."""
    value = abs(float(number["value"]))
    if value == 0:
        return 0.0
    places = _decimals(value)
    if places > 2:  # a share read from words ("two-thirds" is 66.67%): as blurred as "about"
        return APPROXIMATE_TOLERANCE * abs(float(number["base"]))
    if places:
        step = 10.0**-places
    else:
        whole = round(value)
        step = 1.0
        while whole and whole % 10 == 0:
            whole //= 10
            step *= 10
    return step / 2 * abs(float(number["base"])) / value


def same_value(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two comparable numbers state the same value."""
    if a.get("tally") or b.get("tally"):
        return bool(a.get("tally") == b.get("tally"))  # "5-2" is "2-5" told by the loser
    x, y = float(a["base"]), float(b["base"])
    if x == y:
        # "more than a dozen" leaves out twelve, though not "about 12" or "more than 12".
        return not any(m.get("strict") and not n["approx"] for m, n in ((a, b), (b, a)))
    if x == 0 or y == 0:
        return False
    gap = abs(x - y) / max(abs(x), abs(y))
    fuzzy = [n for n in (a, b) if n["approx"] and not n.get("bound")]
    if fuzzy:
        # "about 1.2 million" is 1.15 to 1.25 million: 1.3 million is another figure, while
        # "about 2,000" and "some 2,100" agree. Never closer than a converted value.
        reach = max(_rounding_reach(n) for n in fuzzy)
        if _scale(a) != _scale(b) and a["dim"] not in (None, "magnitude"):
            reach = max(reach, CONVERSION_TOLERANCE * max(abs(x), abs(y)))
        reach = min(reach, APPROXIMATE_TOLERANCE * max(abs(x), abs(y)))
        if len(fuzzy) == 1:
            # Rounded half up: "about 1,100" is 1,050 up to, not including, 1,150.
            round_figure, other = (x, y) if fuzzy[0] is a else (y, x)
            return -reach - 1e-9 <= other - round_figure < reach - 1e-9
        return abs(x - y) < reach + 1e-9
    if _scale(a) == _scale(b) and _rounds_to(a["value"], b["value"]):
        return True
    if _scale(a) != _scale(b) and a["dim"] not in (None, "magnitude"):
        # "3 metres" / "9.8 ft": a converted value is rounded. "5.6%" / "5.8 per cent"
        # are one unit written two ways, and differ.
        return gap <= CONVERSION_TOLERANCE
    return False
