"""Reads a page as a French or English reader would and lists what reads wrong: French
typography, text left in the other language, dates and names French does not write so.

Text in an element whose lang is another language (a quotation, a title in the original) is
that language's, and the source's own words (passages, quotations, the source's text) are kept
as the source wrote them: neither is checked for the page's language or typography.
"""

import re
from html.parser import HTMLParser

NARROW = "\u202f"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIPPED = {"script", "style", "svg", "template"}
# A sentence ends with its block: text either side of one is not read as one phrase.
BLOCKS = {
    "p",
    "li",
    "dt",
    "dd",
    "th",
    "td",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "header",
    "footer",
    "nav",
    "figcaption",
    "label",
    "option",
    "legend",
    "title",
}
BREAK = "\n¶\n"
# The source's own words, kept as written.
VERBATIM_TAGS = {"blockquote", "q", "mark", "code", "pre", "samp"}
VERBATIM_CLASSES = {"source-text", "passage", "verbatim"}

MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_RULES = [
    (re.compile(r"[ \u00a0]([;!?»])|[ \u00a0]:(?=\s|$)"), "a plain space before high punctuation"),
    (re.compile(r"\w([;!?»])"), "no narrow no-break space before high punctuation"),
    (re.compile(r"«[ \u00a0]|«\w"), "no narrow no-break space after «"),
    (re.compile(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]"), "a straight apostrophe"),
    (re.compile(rf"\ben \d{{1,2}}(er)? ({MONTHS_FR})\b"), "'en' before a full date"),
    (re.compile(r"\(précision|\bprécision :"), "a date's precision spelt out"),
    (
        re.compile(r"\b(de|à) les? (?=[A-ZÀ-Ý])|\bde (?=[AEIOUÂÉÈÊÎÔ][\w-])"),
        "a missing contraction",
    ),
    (re.compile(r"\btraduction\s*:\s*la traduction\b", re.I), "a redundant phrase"),
    (re.compile(r"\borateur\b"), "a gendered word for a speaker of any gender"),
]
# Words that give English away in French text (and French in English), whole words only.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|with|which|inferred|translated|checked|against|when|were|was|this|that)\b",
    re.I,
)
FRENCH_WORDS = re.compile(
    r"\b(la|le|les|des|du|est|une|avec|pour|dans|traduit|déduite?|vérifiée?)\b|\bl’|\bd’", re.I
)
ENGLISH_RULES = [
    (re.compile(r"\(precision:"), "a date's precision spelt out"),
    (re.compile(r"\bin their words\b", re.I), "'in their words'"),
    (re.compile(r"\btranslation: the source's own translation", re.I), "a redundant phrase"),
]


class _Reader(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, language, verbatim, skipped)
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.pieces.append((None, False, BREAK))
        if tag in VOID:
            return
        attrs = dict(attrs)
        language, verbatim, skipped = (
            self.stack[-1][1:] if self.stack else (self.language, False, False)
        )
        language = (attrs.get("lang") or language).split("-")[0]
        classes = set((attrs.get("class") or "").split())
        verbatim = verbatim or tag in VERBATIM_TAGS or bool(classes & VERBATIM_CLASSES)
        skipped = skipped or tag in SKIPPED
        self.stack.append((tag, language, verbatim, skipped))

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.pieces.append((None, False, BREAK))
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        language, verbatim, skipped = (
            self.stack[-1][1:] if self.stack else (self.language, False, False)
        )
        # A page's title names a record, and a source's title is in its own language: the
        # title is read for typography only.
        if self.stack and self.stack[-1][0] == "title":
            language = None
        if data.strip() and not skipped:
            self.pieces.append((language, verbatim, data))


def text_of(html, language):
    """[(language, verbatim, text)] for each run of text in <main> and <title>."""
    reader = _Reader(language)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    main = re.search(r"<main\b.*?</main>", html, re.S)
    reader.feed((title.group(0) if title else "") + (main.group(0) if main else ""))
    return reader.pieces


def findings(html, language):
    """What a reader of `language` would find wrong on the page, one line each."""
    found = []
    pieces = text_of(html, language)
    # Our sentences are built from runs of text around links and marks: read them joined.
    own = " ".join(
        text for lang, verbatim, text in pieces if lang in (language, None) and not verbatim
    )
    own = re.sub(r"\s*¶\s*", " ¶ ", own)
    own = re.sub(r"[ \t\n]+", " ", own)
    rules = FRENCH_RULES if language == "fr" else ENGLISH_RULES
    for pattern, what in rules:
        for match in pattern.finditer(own):
            found.append(f"{what}: …{own[max(0, match.start() - 30) : match.end() + 30]}…")
    other = ENGLISH_WORDS if language == "fr" else FRENCH_WORDS
    for lang, verbatim, text in pieces:
        # Words quoted in « » are the source's, in its language.
        if lang == language and not verbatim and other.search(re.sub(r"«[^»]*»", "", text)):
            found.append(f"text in the other language: {text.strip()[:100]!r}")
    return found
