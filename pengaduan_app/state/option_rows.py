"""The one row every select box of the staff pages reads: shared by the report page and the queue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Option:
    """One choice of a select box: the value sent back and the label the officer reads."""

    value: str = ""
    label: str = ""
