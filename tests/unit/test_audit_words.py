"""Every action the code base writes to the audit log reads as a sentence in both languages
(`audit.action.<code>`), with its values translated: never a raw code such as `from_status: resolved`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pengaduan_app
from pengaduan_app.domain.handling import SUBMIT
from pengaduan_app.domain.status import TRANSITIONS
from pengaduan_app.i18n import catalog
from pengaduan_app.i18n.audit_words import action_codes, action_label, action_sentence

# The functions that write an audit entry, and where their action argument stands.
ACTION_ARGUMENT = {"record": 2, "apply_step": 2, "_transition": 3, "_audit": 1}


def _names(node: ast.AST) -> set[str]:
    """The string constants an action argument can take (a literal, or either side of `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _names(node.body) | _names(node.orelse)
    return set()


def written_actions() -> set[str]:
    """Every action code passed to an audit-writing call anywhere in pengaduan_app, plus the status
    transitions (passed on through variables)."""
    found = set(TRANSITIONS)
    for path in Path(pengaduan_app.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = ACTION_ARGUMENT.get(name)
            if position is None:
                continue
            if len(node.args) > position:
                found |= _names(node.args[position])
            found |= {v for k in node.keywords if k.arg == "action" for v in _names(k.value)}
    return found - {SUBMIT}


def test_the_scan_sees_the_known_writers():
    assert {"api_key_revoke", "account_disable", "hide_report", "reopen", "reply", "note"} <= written_actions()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_written_action_has_a_sentence(lang):
    missing = sorted(code for code in written_actions() if f"audit.action.{code}" not in catalog(lang))
    assert missing == []


def test_status_names_are_translated_in_the_sentence():
    detail = {"from_status": "resolved", "to_status": "reopened", "note": "masih tergenang"}
    assert action_sentence("id", "reopen", detail) == "mengubah status dari Selesai ke Dibuka kembali"
    assert action_sentence("en", "reopen", detail) == "changed the status from Resolved to Reopened"


def test_a_missing_value_never_shows_a_placeholder():
    assert "{" not in action_sentence("id", "api_key_revoke", {})
    assert action_label("id", "reopen") == "Mengubah status dari … ke …"


def test_the_filter_lists_every_action_with_a_sentence_in_both_languages():
    assert set(action_codes("id")) == set(action_codes("en")) >= written_actions()
