"""Settings come from the environment, with loud errors for bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update({"THIDUA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import thidua.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_give_sqlite_and_a_generated_secret_key(tmp_path: Path) -> None:
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    # A second start keeps the same key (sessions survive restarts).
    _import_settings(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:5432/thidua")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "unsupported database"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is set but empty"),
        ({"AXES_FAILURE_LIMIT": "five"}, "AXES_FAILURE_LIMIT='five' is not an integer"),
        ({"AXES_FAILURE_LIMIT": "0"}, "AXES_FAILURE_LIMIT=0 must be at least 1"),
    ],
)
def test_bad_values_fail_loudly(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = _import_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_thidua_command_runs_django_commands_without_settings_variable(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["THIDUA_VAR_DIR"] = str(tmp_path)
    env.pop("DATABASE_URL", None)
    thidua = Path(sys.executable).parent / "thidua"
    result = subprocess.run(
        [str(thidua), "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_email_host_configures_the_default_mailer(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update(
        {"THIDUA_VAR_DIR": str(tmp_path), "EMAIL_HOST": "smtp.example.vn", "EMAIL_PORT": "587"}
    )
    code = (
        "import thidua.settings as s; o = s.MAILERS['default']['OPTIONS']; "
        "print(s.THIDUA_EMAIL_ENABLED, o['host'], o['port'])"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "smtp.example.vn", "587"]
