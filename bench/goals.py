"""Every bench ends the same way: each goal beside its figure with PASS/FAIL, and whether all were met
(the bench's exit status is non-zero when one is missed)."""

from __future__ import annotations

from typing import NamedTuple


class Goal(NamedTuple):
    label: str
    value: float
    target: float
    unit: str = ""
    at_most: bool = True  # False: the figure must reach the target


def print_goals(goals: list[Goal]) -> bool:
    print()
    for g in goals:
        goal = f"goal {'<=' if g.at_most else '>='} {g.target:g}"
        print(f"  {g.label:<36} {g.value:>9.2f} {g.unit:<2}  {goal:<14} {'PASS' if met(g) else 'FAIL'}")
    return all(met(g) for g in goals)


def met(goal: Goal) -> bool:
    return goal.value <= goal.target if goal.at_most else goal.value >= goal.target
