import itertools

import pytest

from pengaduan_app.domain import status
from pengaduan_app.domain.status import STATUSES, TRANSITIONS, TransitionError, public_status, transition

ALLOWED = {
    ("verify", status.NEW): status.VERIFIED,
    ("verify", status.REOPENED): status.VERIFIED,
    ("reject", status.NEW): status.REJECTED,
    ("reject", status.VERIFIED): status.REJECTED,
    ("reject", status.REOPENED): status.REJECTED,
    ("assign", status.VERIFIED): status.ASSIGNED,
    ("assign", status.ASSIGNED): status.ASSIGNED,
    ("assign", status.REOPENED): status.ASSIGNED,
    ("start", status.VERIFIED): status.IN_PROGRESS,
    ("start", status.ASSIGNED): status.IN_PROGRESS,
    ("start", status.REOPENED): status.IN_PROGRESS,
    ("resolve", status.VERIFIED): status.RESOLVED,
    ("resolve", status.ASSIGNED): status.RESOLVED,
    ("resolve", status.IN_PROGRESS): status.RESOLVED,
    ("resolve", status.REOPENED): status.RESOLVED,
    ("confirm", status.RESOLVED): status.CLOSED,
    ("reopen", status.RESOLVED): status.REOPENED,
    ("reopen", status.CLOSED): status.REOPENED,
    ("handover", status.NEW): status.NEW,  # a hand-over keeps the status
    ("handover", status.VERIFIED): status.VERIFIED,
    ("handover", status.ASSIGNED): status.ASSIGNED,
    ("handover", status.REOPENED): status.REOPENED,
}


@pytest.mark.parametrize(("action", "source"), list(itertools.product(TRANSITIONS, STATUSES)))
def test_every_pair_of_action_and_status(action, source):
    expected = ALLOWED.get((action, source))
    if expected is None:
        with pytest.raises(TransitionError) as caught:
            transition(source, action)
        assert caught.value.code == "error.transition_not_allowed"
    else:
        assert transition(source, action) == expected


def test_unknown_action_is_refused():
    with pytest.raises(TransitionError):
        transition(status.NEW, "teleport")


def test_public_ladder_uses_qlue_colours_and_words():
    assert public_status(status.NEW).code == "waiting"
    assert public_status(status.NEW).color == "#dc2626"
    assert public_status(status.IN_PROGRESS).code == "in_progress"
    assert public_status(status.RESOLVED).code == "done"
    assert public_status(status.CLOSED).code == "done"
    assert public_status(status.RESOLVED).color == "#15803d"
    assert {public_status(s).icon for s in STATUSES} >= {"clock", "wrench", "circle-check"}
