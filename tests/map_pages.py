"""Reading what the public map's page hands its scripts, for the tests of the page and of its route."""

from __future__ import annotations

import json
import re


def first_view_of(html: str) -> dict:
    """`window.pengaduanFirstView`: the first view, its filters and its sketch (assets/maps/first_view.js)."""
    return json.loads(re.search(r"window.pengaduanFirstView = (\{.*\});", html).group(1))
