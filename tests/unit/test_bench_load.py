"""bench/load.py as shipped can show its rate goal met: its defaults do not cap the events per second below it."""

from bench.load import EVENTS_AIM, arguments, rate_ceiling


def test_the_default_arguments_leave_room_above_the_rate_goal():
    args = arguments().parse_args([])
    assert args.visitors == 200
    assert rate_ceiling(args.visitors, args.rounds, args.think, args.ramp) >= 1.5 * EVENTS_AIM


def test_the_ceiling_counts_the_arrivals_and_the_pauses():
    assert round(rate_ceiling(200, 3, 0.5, 10.0)) == 185  # the old defaults: the goal could not be met
    assert rate_ceiling(1, 1, 0.0, 1.0) == 4.0  # one visitor's four events in its one second of arrival
