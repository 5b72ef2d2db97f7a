"""Extra questions some categories ask (Open311 service attributes), and the checks on the answers.

Only where the answer changes what officers do: how deep a flood is decides
whether boats are needed; whether a damaged road still lets traffic through
decides how fast it is closed off. Every answer is optional (Open311 `required`
false), so a client that knows nothing of them can still file; answers are stored as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .validation import FieldError

NUMBER = "number"
SINGLE_VALUE_LIST = "singlevaluelist"
_DECIMAL = re.compile(r"^-?[0-9]{1,6}(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    description: str
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (key, name) for list datatypes
    minimum: float | None = None
    maximum: float | None = None


SERVICE_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "banjir": (
        Attribute(
            "water_depth",
            NUMBER,
            "Water depth at the deepest point, in centimetres",
            "A number of centimetres from 0 to 500, e.g. 40",
            minimum=0,
            maximum=500,
        ),
    ),
    "jalan_rusak": (
        Attribute(
            "lane_blocked",
            SINGLE_VALUE_LIST,
            "Can traffic still pass the damage?",
            values=(
                ("none", "All lanes open"),
                ("partly", "Some lanes blocked"),
                ("fully", "Road fully blocked"),
            ),
        ),
    ),
}


def attributes_for(service_code: str) -> tuple[Attribute, ...]:
    return SERVICE_ATTRIBUTES.get(service_code, ())


# What the staff pages translate: every attribute's code, and every `code.key` of the list answers.
ATTRIBUTE_CODES = tuple(a.code for attributes in SERVICE_ATTRIBUTES.values() for a in attributes)
LIST_ANSWERS = tuple(
    f"{a.code}.{key}" for attributes in SERVICE_ATTRIBUTES.values() for a in attributes for key, _name in a.values
)


def answer_key(service_code: str, code: str, value: str) -> str | None:
    """`code.value` when the answer is one of a list's keys (translated as such), else None (shown as given)."""
    for attribute in attributes_for(service_code):
        if attribute.code == code and attribute.datatype == SINGLE_VALUE_LIST:
            return f"{code}.{value}" if f"{code}.{value}" in LIST_ANSWERS else None
    return None


def _read(attribute: Attribute, text: str) -> tuple[str | None, FieldError | None]:
    if attribute.datatype == NUMBER:
        if not _DECIMAL.match(text):
            return None, FieldError("error.attribute_not_a_number")
        value = float(text)
        if not attribute.minimum <= value <= attribute.maximum:
            return None, FieldError(
                "error.attribute_out_of_range", {"min": f"{attribute.minimum:g}", "max": f"{attribute.maximum:g}"}
            )
        return f"{value:g}", None
    keys = [key for key, _name in attribute.values]
    if text not in keys:
        return None, FieldError("error.attribute_choice", {"choices": ", ".join(keys)})
    return text, None


def read_attributes(service_code: str, answers: Mapping[str, str]) -> tuple[dict[str, str], dict[str, FieldError]]:
    """Checked answers by attribute code, and the problems by attribute code (unknown codes are problems too)."""
    known = {attribute.code: attribute for attribute in attributes_for(service_code)}
    values: dict[str, str] = {}
    errors: dict[str, FieldError] = {}
    for code, raw in answers.items():
        text = (raw or "").strip()
        attribute = known.get(code)
        if attribute is None:
            errors[code] = FieldError("error.attribute_unknown")
        elif text:
            value, error = _read(attribute, text)
            if error:
                errors[code] = error
            else:
                values[code] = value
    return values, errors
