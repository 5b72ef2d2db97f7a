from datetime import UTC, datetime, timedelta

from pengaduan_app.domain.sla import JAKARTA, add_working_days, is_overdue, is_working_day


def jkt(*args) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def test_weekends_do_not_count():
    friday_evening = jkt(2026, 11, 20, 19, 0)
    assert add_working_days(friday_evening, 3) == jkt(2026, 11, 25, 23, 59, 59)  # Mon, Tue, Wed


def test_public_holidays_do_not_count():
    # 25 December 2026 (Christmas) is a Friday: three working days from Wednesday 23rd end on Tuesday 29th.
    assert not is_working_day(jkt(2026, 12, 25).date())
    assert add_working_days(jkt(2026, 12, 23, 9, 0), 3) == jkt(2026, 12, 29, 23, 59, 59)


def test_new_year_and_independence_day_are_holidays():
    assert not is_working_day(jkt(2027, 1, 1).date())
    assert not is_working_day(jkt(2026, 8, 17).date())


def test_days_are_counted_in_jakarta_time():
    # 18:00 UTC on Friday is 01:00 Saturday in Jakarta: counting starts from Saturday.
    utc_friday = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    assert add_working_days(utc_friday, 1) == jkt(2026, 11, 23, 23, 59, 59)


def test_overdue():
    due = jkt(2026, 11, 25, 23, 59, 59)
    assert not is_overdue(due, due)
    assert is_overdue(due, due + timedelta(seconds=1))
    assert not is_overdue(None, due)
