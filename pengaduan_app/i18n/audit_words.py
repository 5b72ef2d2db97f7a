"""The audit log in the reader's words: each action code has one sentence, `audit.action.<code>` (id and en),
filled from the entry's detail with the values translated (status names, roles, channels, flag reasons), so the
log never shows a raw code. A placeholder the entry lacks shows as "…", never as `{name}`.

The action filter lists every code that has such a sentence, so a new action appears there as soon as its
sentence is in the catalogs (tests/unit/test_audit_words.py checks that every action written has one).
"""

from __future__ import annotations

import string

from .catalog import catalog, translate

PREFIX = "audit.action."
# Detail values that are codes, and the catalog key that names each.
_TRANSLATED = {
    "from_status": "staff.status.{}",
    "to_status": "staff.status.{}",
    "role": "role.{}",
    "channel": "channel.{}",
    "reason": "moderation.reason.{}",  # a flag's reason; free-text reasons have no such key and stay as written
    "target": "moderation.target.{}",
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def _value(lang: str, name: str, value: object) -> str:
    text = "" if value is None else str(value)
    pattern = _TRANSLATED.get(name)
    if pattern and text:
        key = pattern.format(text)
        if key in catalog(lang):
            return translate(lang, key)
    return text


def _fill(lang: str, template: str, params: dict) -> str:
    try:
        return string.Formatter().vformat(template, (), _Blank(params))
    except (IndexError, ValueError):
        return template


def action_sentence(lang: str, action: str, detail: dict) -> str:
    """E.g. "mengubah status dari Selesai ke Dibuka kembali" for a reopen."""
    template = catalog(lang).get(PREFIX + action)
    if template is None:
        return translate(lang, "audit.action_unknown", code=action)
    return _fill(lang, template, {name: _value(lang, name, value) for name, value in detail.items()})


def action_extra(lang: str, action: str, detail: dict) -> str:
    """The words written with the step (a reason, a note) that its sentence does not already carry."""
    template = catalog(lang).get(PREFIX + action, "")
    parts = []
    for name, key in (("reason", "audit.reason"), ("note", "audit.note")):
        text = str(detail.get(name) or "")
        if text and "{" + name + "}" not in template:
            parts.append(translate(lang, key, text=text[:300]))
    return " · ".join(parts)


def action_label(lang: str, action: str) -> str:
    """The sentence with its blanks, capitalised: "Mengubah status dari … ke …", for the filter's list."""
    text = _fill(lang, catalog(lang).get(PREFIX + action, action), {})
    return text[:1].upper() + text[1:]


def action_codes(lang: str) -> list[str]:
    """Every action with a sentence, in the order of their labels."""
    codes = [key[len(PREFIX) :] for key in catalog(lang) if key.startswith(PREFIX)]
    return sorted(codes, key=lambda code: action_label(lang, code).lower())
