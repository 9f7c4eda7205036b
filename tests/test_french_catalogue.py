"""The French admin: every string of ours has a French translation, none fuzzy, and the
compiled catalogue the site reads is the one committed beside it."""

import shutil
import subprocess
from html.parser import HTMLParser
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


class VisibleText(HTMLParser):
    """A page's text as a reader sees it (scripts and styles aside), and its labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label", "alt"} and value:
                self.parts.append(value)
            if name == "value" and tag == "input" and dict(attrs).get("type") == "submit":
                self.parts.append(value or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.django_db
def test_the_french_admin_shows_none_of_our_english_strings(seed, reviewer, admin_user):
    """Every admin page of ours, in French (opened by a superuser, who may open them all): no
    sentence of our catalogue appears in English (a string left out of gettext, or translated
    once at import, would)."""
    from django.contrib import admin
    from django.test import Client
    from django.urls import reverse

    from foundation import services
    from foundation.models import Organisation

    english = {
        msgid.replace("%%", "%")
        for msgid, strings, _ in entries((LOCALE / "django.po").read_text())
        if len(msgid.split()) >= 3
        and "%" not in msgid
        and "\\" not in msgid
        and strings[0] != msgid
    }
    record = Organisation.objects.get(slug="meta")
    services.submit_for_review(records=[record], user=None)
    services.add_comment(record=record, user=reviewer, text="À vérifier.")
    client = Client(headers={"accept-language": "fr"})
    client.force_login(admin_user)
    addresses = [reverse("admin:index"), reverse("admin:review_queue"), reverse("admin:problems")]
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label != "foundation":
            continue
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        addresses += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            addresses += [
                reverse(f"{prefix}_change", args=[first.pk]),
                reverse(f"{prefix}_history", args=[first.pk]),
            ]
    checked = 0
    for address in addresses:
        response = client.get(address)
        if response.status_code == 403:
            continue  # a page nobody opens (adding a webhook delivery by hand)
        assert response.status_code == 200, address
        checked += 1
        text = visible_text(response.content.decode())
        shown = sorted(msgid for msgid in english if msgid in text)
        assert shown == [], (address, shown)
    assert checked >= len(addresses) - 3
