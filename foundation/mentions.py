"""Finding the people and organisations a source names: pure functions over text and names.

A known record is found by its names and aliases whatever their case, accents, apostrophes,
quotes and spaces (foundation.passages.normalise with case folding keeps every character's
source offset), as a whole word: "d’AMD" and "l’Institut" name AMD and the Institut, "Metadata"
does not name Meta, and a hyphenated compound ("PyTorch-Distributed") is one word. Where names
overlap the longest wins ("Meta AI" over "Meta"). A capitalised name that is no known record's
is a candidate for a new one.

Persisting what is found (proposals, accepting, dismissing) is foundation.services's.
"""

import re
from dataclasses import dataclass

from foundation.passages import normalise

MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class Name:
    """One way of naming a record: `text` for the record of `kind` ("person" or
    "organisation") with key `pk`."""

    text: str
    kind: str
    pk: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    pk: int


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str


def names_of(people, organisations):
    """The names and aliases of records, as (name, other_names…) read from the models."""
    found = []
    for kind, records in (("person", people), ("organisation", organisations)):
        for record in records:
            spellings = {record.name, *record.alias_list}
            for field in ("name_fr", "name_en"):
                spellings.add(getattr(record, field, None) or "")
            found += [Name(text, kind, record.pk) for text in spellings if text and text.strip()]
    return found


def _is_word(char):
    return char.isalnum()


def _bounded(folded, start, end):
    """A whole word: no letter or digit on either side, nor a hyphen joining one."""
    text = folded.text
    if start > 0:
        before = text[start - 1]
        if _is_word(before) or (before == "-" and start > 1 and _is_word(text[start - 2])):
            return False
    if end < len(text):
        after = text[end]
        if _is_word(after) or (after == "-" and end + 1 < len(text) and _is_word(text[end + 1])):
            return False
    return True


def _first_letter(text):
    return next((char for char in text if char.isalpha()), "")


def find_mentions(text, names):
    """Every mention of a named record in `text`, as exact source offsets, in text order.

    A name written with a capital (most are) is found only where the text has a capital
    too: "Orange" the company is not "orange" the colour; "PYTORCH" and "Pytorch" still
    name PyTorch. Two records sharing a name are both proposed at the same place.
    """
    folded = normalise(text, fold_case=True)
    found = []
    by_folded = {}
    for name in names:
        key = normalise(name.text, fold_case=True).text
        if len(key) >= MIN_NAME_LENGTH:
            by_folded.setdefault(key, []).append(name)
    for key, group in by_folded.items():
        position = folded.text.find(key)
        while position >= 0:
            end = position + len(key)
            if _bounded(folded, position, end):
                start, stop = folded.span(position, end)
                for name in group:
                    if (
                        _first_letter(name.text).isupper()
                        and not _first_letter(text[start:stop]).isupper()
                    ):
                        continue
                    found.append((start, stop, name))
            position = folded.text.find(key, position + 1)
    # Longest first; a shorter name inside a longer one's span is part of it.
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
    taken, chosen = [], []
    for start, stop, name in found:
        if any(start < other_end and other_start < stop for other_start, other_end in taken):
            if (start, stop) not in taken:
                continue
        else:
            taken.append((start, stop))
        mention = Mention(start, stop, name.kind, name.pk)
        if mention not in chosen:
            chosen.append(mention)
    return sorted(chosen, key=lambda mention: (mention.start, mention.kind, mention.pk))


# Words that begin sentences or join names without being names themselves (French, English).
FUNCTION_WORDS = frozenset(
    """
    a à au aux avec ce ces cet cette chez comme dans de des du elle elles en et il ils je la
    le les leur leurs lors mais ni nos notre nous on ou par pour que qui sa sans se selon ses
    son sur tous tout toute toutes un une vers vos votre vous y
    aujourd’hui aujourd'hui ainsi alors apres après aussi avant cependant depuis donc enfin ensuite
    entre hier ici mais même pourtant puis quand si tandis
    an and as at but by for from he her his in into it its of on or our she that the their
    they this these those to we with yet
    """.split()
)
# Joining words allowed inside a name: Institut de la Recherche, Ludwig van Beethoven.
JOINERS = frozenset("de du des la le d l van von der den da di del of the and &".split())
_WORD = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:«“\"\n]\s*$")


def _capitalised(word):
    return word[:1].isupper()


def find_candidates(text, mentions=()):
    """Capitalised names in `text` that no mention covers: runs of capitalised words, joined by
    "de", "van", "of"…, an elided article (l’, d’) left out. A capitalised word opening a
    sentence is a name only when it is followed by another capitalised word."""
    covered = [(mention.start, mention.end) for mention in mentions]
    words = []
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        elided = _ELISION.match(word)
        if elided:
            word, start = word[elided.end() :], start + elided.end()
        if word:
            words.append((start, start + len(word), word))
    candidates, index = [], 0
    while index < len(words):
        start, _end, word = words[index]
        if not _capitalised(word):
            index += 1
            continue
        run = [words[index]]
        following = index + 1
        while following < len(words):
            gap = text[run[-1][1] : words[following][0]]
            if not gap.strip() == "" or "\n" in gap:
                break
            next_word = words[following][2]
            if _capitalised(next_word):
                run.append(words[following])
                following += 1
                continue
            # A joiner counts only when a capitalised word follows it.
            if next_word.lower() in JOINERS and following + 1 < len(words):
                after = words[following + 1]
                between = text[words[following][1] : after[0]]
                if _capitalised(after[2]) and between.strip() in ("", "'", "’"):
                    run += [words[following], after]
                    following += 2
                    continue
            break
        index = following
        opens_sentence = start == 0 or bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))
        while run and run[0][2].lower() in FUNCTION_WORDS:
            run = run[1:]
            opens_sentence = False
        while run and run[-1][2].lower() in JOINERS:
            run = run[:-1]
        if not run or (opens_sentence and len(run) == 1 and not run[0][2].isupper()):
            continue
        first, last = run[0][0], run[-1][1]
        if any(first < other_end and other_start < last for other_start, other_end in covered):
            continue
        candidates.append(Candidate(first, last, text[first:last]))
    return candidates
