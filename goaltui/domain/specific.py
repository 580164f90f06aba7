"""Is a goal's title Specific? A small word-based heuristic, no language model.

A title is specific when it carries an anchor: a number ("20%", "five"), a
frequency ("every Monday", "weekly", "per month"), a time ("by December",
"this quarter") or a change "from X to Y". Without one it needs enough
concrete words: four words led by a concrete action ("launch the new
pricing page"), or four content words when it leads with a vague verb or
filler ("improve", "get better", "be"), since "improve communication" or
"increase website traffic" could mean almost anything.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Anchor(StrEnum):
    """What makes a title specific."""

    NUMBER = "number"
    FREQUENCY = "frequency"
    TIME = "time"
    CHANGE = "change"  # from X to Y
    WORDS = "words"  # enough concrete words


def _words(text: str) -> frozenset[str]:
    """The set of the space-separated words in ``text``."""
    return frozenset(text.split())


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBERS = _words(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety hundred thousand million dozen half double "
    "triple twice once"
)
_FREQUENCIES = _words(
    "daily weekly monthly quarterly yearly annually hourly nightly fortnightly biweekly "
    "every each per weekdays weekends mornings evenings nights mondays tuesdays wednesdays "
    "thursdays fridays saturdays sundays"
)
_DAYS = _words(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday today tomorrow tonight deadline eoy eoq eom christmas"
)
_TIME_UNITS = _words("day days week weeks month months quarter quarters year years")
_TIME_LEADS = _words("this next per a an each every within end by coming until till before mid")
_LEAD_INS = _words(
    "i we i'll we'll i'd will want wanna to should must need would like going just also "
    "finally really"
)
_VAGUE = _words(
    "improve improving improved improvement enhance enhancing increase increasing boost "
    "boosting grow growing raise raising reduce reducing decrease decreasing lower lowering "
    "cut lose losing gain gaining get getting be being become becoming do doing make making "
    "work working try trying feel feeling have having keep keeping stay staying learn "
    "learning develop developing advance advancing expand expanding optimize optimise "
    "maximize minimize strengthen achieve achieving focus focusing manage managing "
    "better best more less good great nice well things stuff overall general generally "
    "really very much lot lots some all bit skills skill performance healthy healthier "
    "happy happier fit fitter productive efficient efficiency successful stronger faster "
    "a an the my our your their his her its at on in of for to with and or i we me us it "
    "is am are"
)


def title_anchor(title: str) -> Anchor | None:
    """What makes ``title`` specific, or None when it is empty or too vague."""
    words = _WORD.findall(title.lower().replace("\u2019", "'"))
    found = _anchor(words)
    if found is not None:
        return found
    while words and words[0] in _LEAD_INS:
        words = words[1:]
    if not words:
        return None
    if words[0] in _VAGUE:
        concrete = [word for word in words if word not in _VAGUE]
        return Anchor.WORDS if len(concrete) >= 4 else None
    return Anchor.WORDS if len(words) >= 4 else None


def _anchor(words: list[str]) -> Anchor | None:
    """The first kind of anchor found among ``words``, or None."""
    if any(any(char.isdigit() for char in word) or word in _NUMBERS for word in words):
        return Anchor.NUMBER
    if any(word in _FREQUENCIES for word in words):
        return Anchor.FREQUENCY
    for index, word in enumerate(words):
        before = words[max(0, index - 3) : index]
        if word in _DAYS or (word in _TIME_UNITS and _TIME_LEADS.intersection(before)):
            return Anchor.TIME
        if word == "may" and before and before[-1] in ("by", "in", "until", "before", "of"):
            return Anchor.TIME
    if "from" in words:
        after = words[words.index("from") + 1 :]
        if "to" in after[1:-1]:  # something on both sides of "to"
            return Anchor.CHANGE
    return None
