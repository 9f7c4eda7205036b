"""What page tests share: an address in a language, a page that must answer, its JSON-LD."""

import json
import re
from http import HTTPStatus

from django.urls import reverse
from django.utils import translation


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"foundation:{name}", kwargs=kwargs or None)


def get_ok(client, address):
    response = client.get(address)
    assert response.status_code == HTTPStatus.OK, address
    return response.content.decode()


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])
