"""The helpers every command module shares: dates, input errors, JSON values."""

from __future__ import annotations

from datetime import date, datetime

import click
import pytest

from tracker.cli.common import DATE, InputError, json_value


def test_a_date_option_reads_iso_dates_and_names_a_bad_one():
    assert DATE.convert("2025-08-01", None, None) == date(2025, 8, 1)
    with pytest.raises(click.BadParameter, match="2025-13-01"):
        DATE.convert("2025-13-01", None, None)


def test_an_input_error_exits_2_with_its_message():
    error = InputError("unknown jurisdiction 'ZZ'")
    assert error.exit_code == 2 and error.format_message() == "unknown jurisdiction 'ZZ'"


def test_json_values_write_dates_in_iso_8601():
    assert json_value(date(2025, 8, 1)) == "2025-08-01"
    assert json_value(datetime(2025, 8, 1, 12, 30)).startswith("2025-08-01T12:30")
