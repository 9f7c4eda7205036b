"""The French admin: every string of ours has a French translation, none fuzzy, and the
compiled catalogue the site reads is the one committed beside it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "foundation" / "locale" / "fr" / "LC_MESSAGES"


def entries(po_text):
    """(msgid, [msgstr…], flags) of each entry of a .po file, the header aside."""
    found = []
    for block in po_text.strip().split("\n\n"):
        lines = block.splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        keyed, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith(("msgid", "msgstr")):
                current, _, value = line.partition(" ")
                keyed[current] = value[1:-1]
            elif line.startswith('"') and current:
                keyed[current] += line[1:-1]
        if keyed.get("msgid"):
            strings = [value for key, value in keyed.items() if key.startswith("msgstr")]
            found.append((keyed["msgid"], strings, flags))
    return found


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    po = (LOCALE / "django.po").read_text()
    missing = [msgid for msgid, strings, _ in entries(po) if not all(strings)]
    fuzzy = [msgid for msgid, _, flags in entries(po) if "fuzzy" in flags]
    assert len(entries(po)) > 400
    assert missing == [], f"untranslated: {missing[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_compiled_catalogue_is_the_committed_one(tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", str(compiled), str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()


def test_the_admins_own_words_are_french_in_french():
    from foundation.models import Organisation, Status

    with translation.override("fr"):
        assert str(Status.IN_REVIEW.label) == "En relecture"
        assert str(Organisation._meta.get_field("publish_at").verbose_name) == "publier le"
        assert translation.gettext("Reverted to version %(version)s") % {"version": 3} == (
            "Rétablie à la version 3"
        )
