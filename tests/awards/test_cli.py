"""``thidua eligibility FILE``: exit 0 with a JSON verdict, exit 2 for malformed input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.awards.helpers import fighter

GOOD = fighter(range(2023, 2026))


def run(args: list[str], stdin: str | bytes = "") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "thidua", "eligibility", *args],
        input=data,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_call_command_prints_the_verdict_as_json(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    out = io.StringIO()
    call_command("eligibility", str(path), stdout=out)
    verdict = json.loads(out.getvalue())
    assert verdict["eligible"] is True
    assert verdict["award"] == "CSTD_BT"
    assert "Đủ 3 năm liên tục" in out.getvalue()  # not \\u-escaped


def test_call_command_reads_stdin_with_a_dash() -> None:
    out = io.StringIO()
    call_command("eligibility", "-", stdin=io.StringIO(json.dumps(GOOD)), stdout=out)
    assert json.loads(out.getvalue())["route"] == "streak"


def test_call_command_ineligible_is_still_a_verdict() -> None:
    out = io.StringIO()
    call_command("eligibility", "-", stdin=io.StringIO(json.dumps(fighter([2025]))), stdout=out)
    assert json.loads(out.getvalue())["eligible"] is False


def test_call_command_malformed_input_exits_2() -> None:
    with pytest.raises(CommandError) as caught:
        call_command("eligibility", "-", stdin=io.StringIO('{"award": "X"}'), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert "award" in str(caught.value)
    assert "subject" in str(caught.value)


def test_settings_file_overrides_a_figure(tmp_path: Path) -> None:
    facts_path = tmp_path / "facts.json"
    data = {
        "subject": "collective",
        "award": "TTLDTT",
        "year": 2025,
        "ratings": {"2025": "HTT"},
        "members": {"total": 10, "completed": 10, "LDTT": 6, "CSTDCS": 0, "disciplined": 0},
    }
    facts_path.write_text(json.dumps(data), encoding="utf-8")
    settings_path = tmp_path / "tinh.json"
    settings_path.write_text('{"ttldtt_ldtt_ratio": "60%"}', encoding="utf-8")
    plain, relaxed = io.StringIO(), io.StringIO()
    call_command("eligibility", str(facts_path), stdout=plain)
    call_command("eligibility", str(facts_path), settings_file=str(settings_path), stdout=relaxed)
    assert json.loads(plain.getvalue())["eligible"] is False
    assert json.loads(relaxed.getvalue())["eligible"] is True
    settings_path.write_text('{"no_such": 1}', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("eligibility", str(facts_path), settings_file=str(settings_path))
    assert caught.value.returncode == 2


def test_the_console_command_exits_0_with_utf8_json_even_on_an_ascii_console() -> None:
    done = run(["-"], json.dumps(GOOD, ensure_ascii=False))
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert "Chiến sĩ thi đua" in text
    assert json.loads(text)["eligible"] is True
    assert text.startswith("{\n  ")  # indented


def test_call_command_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "notepad.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
    out = io.StringIO()
    call_command("eligibility", str(path), stdout=out)
    assert json.loads(out.getvalue())["eligible"] is True


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ("{not json", "JSON"),
        ('{"subject": "individual", "award": "NOPE", "year": 2025}', "award"),
        ('{"subject": "individual", "award": "LDTT"}', "year"),
        (
            '{"subject": "individual", "award": "LDTT", "year": 2025, "ratings": {"2025": "A+"}}',
            "ratings.2025",
        ),
    ],
)
def test_call_command_names_what_is_malformed(stdin: str, needle: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("eligibility", "-", stdin=io.StringIO(stdin), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert needle in str(caught.value)


def test_the_console_command_exits_2_on_malformed_input() -> None:
    done = run(["-"], '{"subject": "individual", "award": "LDTT", "year": 2025, "ratings": 3}')
    assert done.returncode == 2
    assert done.stdout == b""
    assert "ratings" in done.stderr.decode("utf-8", "replace")


def test_the_console_command_exits_2_for_a_missing_file(tmp_path: Path) -> None:
    done = run([str(tmp_path / "none.json")])
    assert done.returncode == 2
    assert "none.json" in done.stderr.decode("utf-8", "replace")
