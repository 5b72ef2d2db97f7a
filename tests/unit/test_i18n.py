"""Every text in both languages: same keys in both catalogs, same placeholders, and no key used that is in none.

Keys used by the code are found by reading its source: string literals shaped like a
catalog key (`form.title`), the key argument of `t(...)` / `translate(lang, ...)`, and
key families built with f-strings (`f"status.{code}"`), expanded here from the domain
constants they range over.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pengaduan_app.i18n import LANGUAGES, catalog, format_datetime, format_number, translate
from tests.e2e.public_pages import registered_pages

PACKAGE = Path(__file__).resolve().parents[2] / "pengaduan_app"
CATALOG_DIR = PACKAGE / "i18n"

# Key families built with f-strings: template -> the values its `{}` takes. A value written
# "module:NAME" (or "module:NAME.attr") stands for every item of that domain constant; it is
# only imported when the template is in use, so a family and its constant arrive together.
_LENGTH_CHECKED = ("title", "description")  # the fields domain/validation.py checks with `_length_error`
FAMILIES: dict[str, tuple[str, ...]] = {
    "status.{}": ("pengaduan_app.domain.status:PUBLIC_STATUSES.code",),
    "step.{}": ("pengaduan_app.domain.status:PUBLIC_STEPS", "duplicate", "other"),
    "channel.{}": ("pengaduan_app.domain.validation:CHANNELS",),
    "privacy.{}": ("pengaduan_app.domain.privacy:PRIVACY_CHOICES",),
    "privacy.{}_hint": ("pengaduan_app.domain.privacy:PRIVACY_CHOICES",),
    "error.{}_required": _LENGTH_CHECKED,
    "error.{}_too_short": _LENGTH_CHECKED,
    "error.{}_too_long": _LENGTH_CHECKED,
    "sort.{}": ("pengaduan_app.domain.public_reports:SORTS",),
    "config.datatype.{}": ("pengaduan_app.domain.categories:DATATYPES",),
    "area.{}": ("pengaduan_app.domain.areas:LEVEL_FIELDS",),
    "role.{}": ("pengaduan_app.domain.permissions:ROLES",),
    "staff.status.{}": ("pengaduan_app.domain.status:STATUSES",),
    "staff.sort.{}": ("pengaduan_app.domain.staff_queue:SORTS",),
    "staff.priority.{}": ("pengaduan_app.domain.handling:PRIORITIES",),
    "staff.reject.{}": ("pengaduan_app.domain.handling:REJECT_REASONS",),
    # No domain constant lists these yet: the steps that domain/handling.py records, the photo kinds.
    "staff.action.{}": (
        "submit",
        "pengaduan_app.domain.status:TRANSITIONS",
        "reply",
        "note",
        "handover",
        "priority",
        "message",
        "relocate",
        "recategorize",
    ),
    "report.photo_{}_short": ("report", "after"),
    "follow.rating_{}": ("1", "2", "3", "4", "5"),
    "account.{}": ("sign_in", "register"),  # the two entry forms of pages/account.py
    "account.{}_heading": ("sign_in", "register"),
}


def _values(spec: tuple[str, ...]) -> list[str]:
    values: list[str] = []
    for item in spec:
        if ":" not in item:
            values.append(item)
            continue
        module, _, path = item.partition(":")
        name, _, attribute = path.partition(".")
        constant = getattr(importlib.import_module(module), name)
        values += [str(getattr(v, attribute) if attribute else v) for v in constant]
    return values


# A literal shaped like a key but naming a file (`report.csv`) is not a key.
FILE_SUFFIXES = {"csv", "css", "db", "geojson", "html", "jpeg", "jpg", "js", "json", "pdf", "png", "py", "txt", "webp"}


def _files(lang: str) -> dict[str, dict[str, str]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((CATALOG_DIR / lang).glob("*.json"))}


def _namespaces() -> set[str]:
    return {key.split(".", 1)[0] for lang in LANGUAGES for key in catalog(lang)}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def _not_texts(tree: ast.Module) -> set[int]:
    """Literals that are never shown: docstrings, parts of f-strings (seen whole), `foreign_key="table.column"`."""
    defs = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))]
    skip = {id(n.body[0].value) for n in defs if n.body and isinstance(n.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
        if isinstance(node, ast.keyword) and node.arg == "foreign_key":
            skip.add(id(node.value))
    return skip


def _key_arguments(call: ast.Call) -> list[ast.expr]:
    """The key argument of `t(key)` and `translate(lang, key, ...)`."""
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    position = {"t": 0, "translate": 1}.get(name)
    return call.args[position : position + 1] if position is not None else []


def _template(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def used_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(key -> where, f-string template -> where) for every key the package's source names."""
    key_shape = re.compile(rf"^(?:{'|'.join(map(re.escape, sorted(_namespaces())))})(?:\.[a-z][a-z0-9_]*)+$")
    keys: dict[str, str] = {}
    templates: dict[str, str] = {}
    for path, tree in _sources():
        skip = _not_texts(tree)
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for arg in _key_arguments(node):
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        keys.setdefault(arg.value, f"{where}:{arg.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                text = node.value
                if key_shape.match(text) and text.rsplit(".", 1)[1] not in FILE_SUFFIXES:
                    keys.setdefault(text, f"{where}:{node.lineno}")
            if isinstance(node, ast.JoinedStr):
                template = _template(node)
                if key_shape.match(template.replace("{}", "x")):
                    templates.setdefault(template, f"{where}:{node.lineno}")
    return keys, templates


def test_every_catalog_file_exists_in_every_language_with_the_same_keys():
    files = {lang: _files(lang) for lang in LANGUAGES}
    reference = files[LANGUAGES[0]]
    for lang in LANGUAGES[1:]:
        assert sorted(files[lang]) == sorted(reference), f"catalog files differ between {LANGUAGES[0]} and {lang}"
        for name, texts in reference.items():
            missing = sorted(texts.keys() - files[lang][name].keys())
            extra = sorted(files[lang][name].keys() - texts.keys())
            assert not missing, f"{lang}/{name} lacks keys that {LANGUAGES[0]}/{name} has: {missing}"
            assert not extra, f"{lang}/{name} has keys that {LANGUAGES[0]}/{name} lacks: {extra}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_a_non_empty_string(lang):
    bad = sorted(key for key, text in catalog(lang).items() if not isinstance(text, str) or not text.strip())
    assert not bad, f"{lang}: empty or non-text values: {bad}"


def test_placeholders_are_the_same_in_every_language():
    reference = catalog(LANGUAGES[0])
    differ = {
        key: {lang: sorted(_placeholders(catalog(lang)[key])) for lang in LANGUAGES}
        for key in reference
        if any(_placeholders(catalog(lang)[key]) != _placeholders(reference[key]) for lang in LANGUAGES)
    }
    assert not differ, f"placeholders differ between languages: {differ}"


def test_every_key_the_code_uses_is_in_the_catalogs():
    keys, _ = used_keys()
    assert len(keys) > 50, "the source scan found almost no keys: has the way keys are written changed?"
    missing = {key: where for key, where in keys.items() if key not in catalog(LANGUAGES[0])}
    assert not missing, f"keys used in code but in no catalog: {missing}"


def test_every_key_family_is_known_and_complete():
    _, templates = used_keys()
    unknown = {template: where for template, where in templates.items() if template not in FAMILIES}
    assert not unknown, (
        f"f-string key families not listed in FAMILIES (add each with the domain values it ranges over): {unknown}"
    )
    expected = {template.format(value) for template in templates for value in _values(FAMILIES[template])}
    missing = sorted(expected - catalog(LANGUAGES[0]).keys())
    assert not missing, f"keys of f-string families missing from the catalogs: {missing}"


def test_the_scan_sees_keys_written_every_way(tmp_path):
    """The scanner itself: a literal, a `t()` argument and an f-string family are all found."""
    keys, templates = used_keys()
    assert "form.title" in keys  # passed to a helper as a plain literal
    assert "error.code_invalid" in keys  # translate(lang, "...")
    assert "status.{}" in templates


def test_translate_fills_placeholders_and_falls_back_to_the_key():
    assert translate("en", "error.title_too_short", min=5) == "The title is too short (at least 5 characters)."
    assert translate("id", "error.title_too_short", min=5).endswith("(paling sedikit 5 karakter).")
    assert translate("en", "no.such_key") == "no.such_key"
    assert translate("xx", "nav.map") == catalog("id")["nav.map"]


def test_dates_and_numbers_follow_the_language_in_jakarta_time():
    moment = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)
    assert format_datetime(moment, "id") == "27 Nov 2026 20.05 WIB"
    assert format_datetime(moment, "en") == "27 Nov 2026, 20:05 WIB"
    assert format_number(12345, "id") == "12.345"
    assert format_number(12345, "en") == "12,345"


def test_every_page_title_follows_the_language():
    """A page registered with a literal title keeps it in every language; pages must pass a catalog key."""
    titles = {route: kwargs.get("title") for route, kwargs in registered_pages().items()}
    literal = {route: title for route, title in titles.items() if isinstance(title, str)}
    assert not literal, f"pages with a fixed title (pass a key such as 'page.map' to public_page): {literal}"
