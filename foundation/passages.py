"""Finding a passage in its source: typographic variants tolerated, offsets always the source's.

An editor pastes « Garder la santé » as "Garder la santé", types ' for ’, copies a
non-breaking space as a plain one or a line break as a space. Matching compares both texts
in a normal form, and every character of that form remembers the offset of the source
character it came from, so what is stored is always the source's exact text between exact
offsets. The citation model (its clean()), the admin and the API call these functions; none
of them compares passages itself.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CONTEXT_CHARS = 60
_SPACES = re.compile(r"\s+")

_QUOTES = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "‹": '"', "›": '"'}
_APOSTROPHES = {"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'"}
_DASHES = {"‐": "-", "‑": "-", "‒": "-"}
_FOLD = {**_QUOTES, **_APOSTROPHES, **_DASHES, "…": "..."}
# French typography puts a (non-breaking) space inside « » and before : ; ! ?; a pasted
# copy often has none, or a plain one. Spaces next to these characters are not compared.
_SPACE_OPTIONAL_AFTER = {'"'}
_SPACE_OPTIONAL_BEFORE = {'"', ":", ";", "!", "?"}


def _is_space(char):
    return char.isspace() or unicodedata.category(char) == "Zs" or char in "\u200b\ufeff"


@dataclass(frozen=True)
class Normal:
    """`text` in normal form, and for each of its characters the source offset it came from."""

    text: str
    offsets: tuple[int, ...]
    length: int  # of the original

    def span(self, start, end):
        """The source offsets covered by normal-form characters start..end (end exclusive)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def normalise(text, *, fold_case=False):
    """Typographic normal form: quotes and apostrophes plain, runs of spaces (any kind, line
    breaks included) one space, no space inside quotes or before French double punctuation,
    no space at either end; with fold_case, also without case or accents."""
    chars, offsets = [], []
    for offset, char in enumerate(text or ""):
        if _is_space(char):
            if chars and chars[-1] != " " and chars[-1] not in _SPACE_OPTIONAL_AFTER:
                chars.append(" ")
                offsets.append(offset)
            continue
        replaced = _FOLD.get(char, char)
        if fold_case:
            decomposed = unicodedata.normalize("NFKD", replaced)
            replaced = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        if replaced and replaced[0] in _SPACE_OPTIONAL_BEFORE and chars and chars[-1] == " ":
            chars.pop()
            offsets.pop()
        for piece in replaced:
            chars.append(piece)
            offsets.append(offset)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return Normal("".join(chars), tuple(offsets), len(text or ""))


@dataclass(frozen=True)
class Occurrence:
    """One place a passage occurs: exact offsets, the source's text there, and its context."""

    start: int
    end: int
    text: str
    before: str
    after: str


def occurrence(text, start, end, context=CONTEXT_CHARS):
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    return Occurrence(
        start, end, text[start:end], _SPACES.sub(" ", before), _SPACES.sub(" ", after)
    )


def occurrences(text, passage, context=CONTEXT_CHARS):
    """Every place `passage` occurs in `text`, typographic variants tolerated, in order."""
    source = normalise(text)
    wanted = normalise(passage).text
    if not wanted:
        return []
    found, position = [], source.text.find(wanted)
    while position >= 0:
        start, end = source.span(position, position + len(wanted))
        found.append(occurrence(text, start, end, context))
        position = source.text.find(wanted, position + 1)
    return found


def matches(exact, passage):
    """Does `passage` read as `exact` once both are in normal form?"""
    return bool(normalise(passage).text) and normalise(exact).text == normalise(passage).text


def locate(text, passage, start=None, end=None):
    """The exact (start, end, source text) of `passage` in `text`, or a ValidationError that
    says what to do, keyed by the field to correct.

    - start and end given: the source between them must read as the passage;
    - start alone: the occurrence that begins there;
    - neither: the passage must occur exactly once; if it occurs several times, the error
      lists each occurrence with its context and its start offset to choose from.
    """
    if start is not None and end is not None:
        if not (0 <= start < end <= len(text)):
            raise ValidationError({"end": _("End must come after start.")})
        if not matches(text[start:end], passage):
            raise ValidationError(
                {
                    "text": _(
                        "The passage does not match the source at %(start)s–%(end)s: copy the "
                        "source's exact text, or clear the offsets to locate it."
                    )
                    % {"start": start, "end": end}
                }
            )
        return start, end, text[start:end]
    found = occurrences(text, passage)
    if start is not None:
        found = [item for item in found if item.start == start]
        if not found:
            raise ValidationError(
                {"start": _("The passage does not begin at %(start)s.") % {"start": start}}
            )
    if not found:
        raise ValidationError(
            {
                "text": _(
                    "This passage is not in the source. Copy it from the source (quotes, "
                    "apostrophes and spaces may differ; words may not)."
                )
            }
        )
    if len(found) > 1:
        raise ValidationError({"start": ambiguity_message(found)}, code="ambiguous")
    return found[0].start, found[0].end, found[0].text


def ambiguity_message(found):
    count = len(found)
    head = ngettext(
        "This passage occurs %(count)d time: choose one by its start offset.",
        "This passage occurs %(count)d times: choose one by its start offset.",
        count,
    ) % {"count": count}
    return " ".join(
        [
            head,
            *(
                _("At %(start)s: %(context)s")
                % {
                    "start": item.start,
                    "context": f"…{item.before}[{item.text}]{item.after}…",
                }
                for item in found
            ),
        ]
    )


_TERMINATOR = re.compile(r"[.!?…](?=[\s»”\"’)]|$)|\n")


def sentence_around(text, start, end):
    """The sentence (or heading line) that holds text[start:end]: the passage an accepted
    mention cites. A period after a single capital (M. Dupont) ends no sentence."""
    begin = 0
    for match in _TERMINATOR.finditer(text, 0, start):
        if _ends_sentence(text, match):
            begin = match.end()
    finish = len(text)
    for match in _TERMINATOR.finditer(text, end):
        if _ends_sentence(text, match):
            finish = match.start() if match.group() == "\n" else match.end()
            break
    while begin < start and (_is_space(text[begin]) or text[begin] in '«“"»”'):
        begin += 1
    while finish > end and _is_space(text[finish - 1]):
        finish -= 1
    return begin, finish


def _ends_sentence(text, match):
    if match.group() != ".":
        return True
    before = text[max(0, match.start() - 2) : match.start()]
    return not (len(before) == 2 and before[1].isupper() and not before[0].isalnum())
