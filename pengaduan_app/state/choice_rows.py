"""One option of a select list (a filter, a form's choice), shared by the staff pages that offer them."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Choice:
    """An option: the value the form sends and the label the reader sees."""

    value: str = ""
    label: str = ""
