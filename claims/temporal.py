"""Dates, days and clock times in claims, resolved against the publication date.

Each date is read at one granularity — a day ("Friday", "May 17"), a month ("May 2024")
or a year ("2023", "last year") — and resolved to a calendar value when the article's
publication date is known: a bare weekday is the latest such day on or before it (news
reports past events), "last year" is the year before it. Clock times are converted to
UTC when a time zone is given, so "3 p.m. GMT" and "10 a.m. EST" are the same moment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from claims.lexicon import MONTH_ABBREVIATIONS, MONTHS, TIME_ZONES, WEEKDAYS
from claims.tokens import Tok, join

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
DAY = re.compile(r"^([0-3]?\d)(?:st|nd|rd|th)?$")
CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
HOUR = re.compile(r"^(1[0-2]|0?[1-9])$")
# Wire style "1442 GMT": four digits are a clock time only when a time zone follows.
MILITARY = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
MERIDIEM = {"a.m.": 0, "am": 0, "p.m.": 12, "pm": 12}
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
RELATIVE_SHIFT = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}
# Words before a clock time that make it a bound, not the moment itself.
TIME_BOUNDS = frozenset({"past", "after", "before", "until", "till", "since", "towards", "toward"})
# Bounds that say on which side of the clock time the moment was ("shortly after 10 a.m."
# is not 9.30am), and how far a bound reaches across the clock (half a day is no bound).
BOUND_SIDES = {"after": 1, "since": 1, "before": -1, "until": -1, "till": -1}
BOUND_REACH = 360
# Words that put a clause in the future, so that its weekdays are the coming ones.
FUTURE_CUES = frozenset({"will", "shall", "due", "scheduled", "expected", "upcoming"})
# What someone said would come ("said she would travel to the mine on Wednesday"): later
# than the report, but the sentence's opening words are when it was said ("On Monday, the
# company said it would …"). "would have" looks back.
REPORTED_FUTURE_CUES = frozenset({"would"})
# Words that end a clause, so that a future cue in one does not reach the other ("talks
# collapsed on Monday but will resume on Wednesday", "talks that collapsed on Monday").
CLAUSE_BOUNDARIES = frozenset({"but", "while", "whereas", "that", "which", "who", ";", "and"})
# How many words open a sentence ("On Wednesday ,"): a cue later in its clause covers them.
OPENING_WORDS = 3
# A month named without its year is the coming one when at most this many months ahead.
MONTHS_AHEAD = 2
# Words before a capitalised "May" that make it the month, not the modal verb.
MONTH_CONTEXT = frozenset("in on since until by of from early mid late last next this".split())


def month_number(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return MONTH_ABBREVIATIONS.get(word.rstrip("."))


def read_dates(
    tokens: Sequence[Tok], published: dt.date | None
) -> tuple[list[dict[str, Any]], set[int]]:
    """Dates among `tokens`, and the token indices they use."""
    dates: list[dict[str, Any]] = []
    used: set[int] = set()
    n = len(tokens)
    ahead = _future_positions(tokens)
    i = 0
    while i < n:
        found = _read_date(tokens, i, published, i in ahead)
        if found is None:
            i += 1
            continue
        end, date = found
        first = tokens[i]
        last = tokens[end - 1]
        date["text"] = join(tokens[i:end])
        date["start"], date["end"] = first.start, last.end
        dates.append(date)
        used.update(range(i, end))
        i = end
    return dates, used


def _future_positions(tokens: Sequence[Tok]) -> set[int]:
    """The tokens in a clause about what is still to come: after its cue ("talks will
    resume on Wednesday", "is due to end on Thursday"), or opening the sentence whose
    first clause has one ("On Wednesday, talks will resume"). In "Talks that collapsed on
    Monday will resume on Wednesday", Monday comes before its clause's cue: it is past."""
    lowers = [t.lower for t in tokens]
    cues = {i for i, word in enumerate(lowers) if word in FUTURE_CUES} | {
        i for i in range(len(lowers) - 1) if lowers[i] == "set" and lowers[i + 1] == "to"
    }
    reported = {
        i
        for i, word in enumerate(lowers)
        if word in REPORTED_FUTURE_CUES and (i + 1 >= len(lowers) or lowers[i + 1] != "have")
    }
    future: set[int] = set()
    start = 0
    for end in [*(i for i, w in enumerate(lowers) if w in CLAUSE_BOUNDARIES), len(lowers)]:
        clause_cues = [i for i in cues if start <= i < end]
        if clause_cues:
            future.update(range(min(clause_cues), end))
            if start == 0:  # the sentence's opening words ("On Wednesday,") go with it
                future.update(range(min(OPENING_WORDS, end)))
        future.update(range(min((i for i in reported if start <= i < end), default=end), end))
        start = end + 1
    return future


def _read_date(
    tokens: Sequence[Tok], i: int, published: dt.date | None, ahead: bool = False
) -> tuple[int, dict[str, Any]] | None:
    n = len(tokens)
    word = tokens[i].lower
    nxt = tokens[i + 1].lower if i + 1 < n else ""
    if word in WEEKDAYS:
        after_next = i > 0 and tokens[i - 1].lower == "next"
        return i + 1, _weekday(word, published, future=ahead, next_week=after_next)
    if word in RELATIVE_DAYS:
        iso = (
            (published + dt.timedelta(days=RELATIVE_DAYS[word])).isoformat() if published else None
        )
        return i + 1, {"grain": "day", "key": iso, "weekday": None, "relative": word}
    if word in RELATIVE_SHIFT and nxt in {"year", "month", "week"}:
        return i + 2, _relative(word, nxt, published)
    month = month_number(word)
    if month is not None and (word != "may" or tokens[i].text == "May"):
        return _read_month_date(tokens, i, month, published)
    if DAY.match(word) and i + 1 < n and (month := month_number(nxt)) is not None:
        day = int(DAY.match(word).group(1))  # type: ignore[union-attr]
        if 1 <= day <= 31:
            year, end = _year_after(tokens, i + 2)
            return end, _day_date(year, month, day, published)
    if YEAR.match(word) and _looks_like_year(tokens, i):
        return i + 1, {"grain": "year", "key": word, "relative": None}
    return None


def _read_month_date(
    tokens: Sequence[Tok], i: int, month: int, published: dt.date | None
) -> tuple[int, dict[str, Any]] | None:
    n = len(tokens)
    word = tokens[i].lower
    abbreviated = word.rstrip(".") in MONTH_ABBREVIATIONS
    # "Feb. 29": the tokenizer leaves the abbreviation's period as a token of its own.
    j = i + 1 if abbreviated and i + 1 < n and tokens[i + 1].text == "." else i
    nxt = tokens[j + 1].lower if j + 1 < n else ""
    if word == "may" or abbreviated:
        before = tokens[i - 1].lower if i > 0 else ""
        if not (DAY.match(nxt) or YEAR.match(nxt) or before in MONTH_CONTEXT):
            return None
    match = DAY.match(nxt)
    if match and not YEAR.match(nxt) and 1 <= int(match.group(1)) <= 31:
        year, end = _year_after(tokens, j + 2)
        return end, _day_date(year, month, int(match.group(1)), published)
    year, end = _year_after(tokens, j + 1)
    if year is None and published is not None:
        year = _nearest_year(month, published)
    key = f"{year:04d}-{month:02d}" if year else f"{month:02d}"
    return end, {"grain": "month", "key": key, "relative": None}


def _year_after(tokens: Sequence[Tok], j: int) -> tuple[int | None, int]:
    if j + 1 < len(tokens) and tokens[j].lower == "," and YEAR.match(tokens[j + 1].lower):
        return int(tokens[j + 1].lower), j + 2
    if j < len(tokens) and YEAR.match(tokens[j].lower):
        return int(tokens[j].lower), j + 1
    return None, j


def _nearest_year(month: int, published: dt.date) -> int:
    """The year of a month named without one: the last such month, unless it is at most
    `MONTHS_AHEAD` months after publication ("talks resume in November", written in
    October; "on Jan. 5", written in December)."""
    ahead = (month - published.month) % 12
    if 0 < ahead <= MONTHS_AHEAD:
        return published.year + (1 if month < published.month else 0)
    return published.year - (1 if month > published.month else 0)


def _day_date(year: int | None, month: int, day: int, published: dt.date | None) -> dict[str, Any]:
    if year is None and published is not None:
        year = _nearest_year(month, published)
    try:
        date = dt.date(year, month, day) if year else None
    except ValueError:
        date = None
    return {
        "grain": "day",
        "key": date.isoformat() if date else f"{month:02d}-{day:02d}",
        "weekday": WEEKDAYS[date.weekday()] if date else None,
        "relative": None,
    }


def _weekday(
    name: str, published: dt.date | None, *, future: bool, next_week: bool = False
) -> dict[str, Any]:
    iso = None
    if published is not None:
        delta = (published.weekday() - WEEKDAYS.index(name)) % 7
        date = published - dt.timedelta(days=delta)
        if next_week:
            # "next Thursday", written on a Wednesday, is the Thursday of next week (the
            # coming one is "Thursday" or "this Thursday").
            monday = published - dt.timedelta(days=published.weekday())
            date = monday + dt.timedelta(days=7 + WEEKDAYS.index(name))
        elif future:
            # The coming one: "will resume on Wednesday", written on a Wednesday, is next week.
            days = (WEEKDAYS.index(name) - published.weekday()) % 7 or 7
            date = published + dt.timedelta(days=days)
        iso = date.isoformat()
    return {"grain": "day", "key": iso, "weekday": name, "relative": None}


def _relative(shift_word: str, unit: str, published: dt.date | None) -> dict[str, Any]:
    shift = RELATIVE_SHIFT[shift_word]
    grain = {"year": "year", "month": "month", "week": "week"}[unit]
    key = None
    if published is not None:
        if unit == "year":
            key = f"{published.year + shift:04d}"
        elif unit == "month":
            month_index = published.year * 12 + published.month - 1 + shift
            key = f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
        else:
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
            key = monday.isoformat()
    return {"grain": grain, "key": key, "relative": f"{shift_word} {unit}"}


def _looks_like_year(tokens: Sequence[Tok], i: int) -> bool:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # "2024 students" counts students; "in 2024" and "the 2024 election" are years.
    return nxt is None or not (nxt.is_word and nxt.lower.endswith("s") and nxt.lower != "'s")


def read_times(tokens: Sequence[Tok]) -> tuple[list[dict[str, Any]], set[int]]:
    """Clock times among `tokens` (with UTC minutes when a zone is given), and their indices."""
    times: list[dict[str, Any]] = []
    used: set[int] = set()
    n = len(tokens)
    for i in range(n):
        if i in used:
            continue
        word = tokens[i].lower
        nxt = tokens[i + 1].lower if i + 1 < n else ""
        minutes: int | None = None
        end = i + 1
        clock = CLOCK.match(word)
        if clock and nxt in MERIDIEM:
            hour = int(clock.group(1)) % 12 + MERIDIEM[nxt]
            minutes, end = hour * 60 + int(clock.group(2)), i + 2
        elif clock and ":" in word:
            minutes = int(clock.group(1)) * 60 + int(clock.group(2))
        elif HOUR.match(word) and nxt in MERIDIEM:
            minutes, end = (int(word) % 12 + MERIDIEM[nxt]) * 60, i + 2
        elif (military := MILITARY.match(word)) and nxt in TIME_ZONES:
            minutes = int(military.group(1)) * 60 + int(military.group(2))
        elif word in {"noon", "midday"}:
            minutes = 12 * 60
        elif word == "midnight":
            minutes = 0
        if minutes is None:
            continue
        zone = None
        j = end + (1 if end < n and tokens[end].text == "(" else 0)
        if j < n and tokens[j].lower in TIME_ZONES:
            zone = tokens[j].lower
            end = j + 1 + (1 if j + 1 < n and tokens[j + 1].text == ")" else 0)
        elif j + 1 < n and tokens[j].lower == "local" and tokens[j + 1].lower == "time":
            end = j + 2
        utc = None
        if zone is not None:
            utc = round(minutes - TIME_ZONES[zone] * 60) % 1440
        first = i
        if i > 0 and tokens[i - 1].lower in BOUND_SIDES:
            # "shortly after 10 a.m." is the figure to show, not "10 a.m."
            first = i - 2 if i > 1 and tokens[i - 2].lower in {"shortly", "just"} else i - 1
        times.append(
            {
                "text": join(tokens[first:end]),
                "start": tokens[first].start,
                "end": tokens[end - 1].end,
                "minutes": minutes,
                "zone": zone,
                "utc": utc,
                # "one minute past midnight", "shortly before noon": a bound, not the moment.
                "bound": i > 0 and tokens[i - 1].lower in TIME_BOUNDS,
                **(
                    {"side": BOUND_SIDES[tokens[i - 1].lower]}
                    if i > 0 and tokens[i - 1].lower in BOUND_SIDES
                    else {}
                ),
            }
        )
        used.update(range(i, end))
    return times, used


def date_conflicts(
    a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(text in a, text in b) for each granularity at which the two sets of dates disagree."""
    conflicts = []
    for grain in ("day", "month", "year"):
        da = [d for d in a if d["grain"] == grain]
        db = [d for d in b if d["grain"] == grain]
        if not da or not db:
            continue
        if grain == "day":
            both_resolved = all(d["key"] for d in da) and all(d["key"] for d in db)
            if both_resolved:
                keys_a = {d["key"] for d in da}
                keys_b = {d["key"] for d in db}
            else:
                keys_a = {d.get("weekday") for d in da} - {None}
                keys_b = {d.get("weekday") for d in db} - {None}
        else:
            keys_a = {d["key"] for d in da} - {None}
            keys_b = {d["key"] for d in db} - {None}
            keys_a, keys_b = (
                _shorten_months(keys_a, keys_b)
                if grain == "month"
                else (
                    keys_a,
                    keys_b,
                )
            )
        if keys_a and keys_b and not keys_a & keys_b:
            conflicts.append((da[0]["text"], db[0]["text"]))
    return conflicts


def _shorten_months(a: set[str], b: set[str]) -> tuple[set[str], set[str]]:
    # "May" against "May 2024": compare the month alone when either lacks its year.
    if any(len(k) == 2 for k in a | b):
        return {k[-2:] for k in a}, {k[-2:] for k in b}
    return a, b


def time_conflicts(
    a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]
) -> list[tuple[str, str]]:
    """(text in a, text in b) when the claims give different moments for their times
    (a bound such as "shortly before midnight" is no moment to compare, but a local time
    on its wrong side is: "shortly after 10 a.m." / "at 9.30am")."""
    for bounds, moments, flip in ((a, b, False), (b, a, True)):
        for bound in (t for t in bounds if t.get("side") and t["zone"] is None):
            for moment in (t for t in moments if not t.get("bound") and t["zone"] is None):
                gap = (moment["minutes"] - bound["minutes"]) * bound["side"]
                if -BOUND_REACH < gap < 0:
                    pair = (bound["text"], moment["text"])
                    return [pair[::-1] if flip else pair]
    a = [t for t in a if not t.get("bound")]
    b = [t for t in b if not t.get("bound")]
    zoned_a = {t["utc"] for t in a if t["utc"] is not None}
    zoned_b = {t["utc"] for t in b if t["utc"] is not None}
    if zoned_a and zoned_b:
        if not zoned_a & zoned_b:
            return [(a[0]["text"], b[0]["text"])]
        return []
    local_a = {t["minutes"] for t in a if t["zone"] is None}
    local_b = {t["minutes"] for t in b if t["zone"] is None}
    all_local = len(local_a) == len(a) and len(local_b) == len(b)
    if all_local and local_a and local_b and not local_a & local_b:
        return [(a[0]["text"], b[0]["text"])]
    return []
