"""THIDUA_PROFILE=production: what it turns on, and the loud refusals when something it needs
is missing.  Settings are imported in a fresh interpreter with exactly the given environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client

KEY = "k3Yq8v1X-production-test-key-0123456789abcdefghij"
PRODUCTION = {
    "THIDUA_PROFILE": "production",
    "SECRET_KEY": KEY,
    "ALLOWED_HOSTS": "thidua.example.gov.vn,testserver",
    "REDIS_URL": "redis://127.0.0.1:6379/6",
}
PRINT = """
import json, thidua.settings as s
print(json.dumps({
    "redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "proxy": list(getattr(s, "SECURE_PROXY_SSL_HEADER", None) or []),
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "cache": s.CACHES["default"]["BACKEND"] if hasattr(s, "CACHES") else None,
    "static": s.STORAGES["staticfiles"]["BACKEND"], "media": s.STORAGES["default"],
    "log": s.LOGGING["handlers"]["console"]["formatter"],
    "db": {k: s.DATABASES["default"].get(k) for k in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
    "middleware": s.MIDDLEWARE, "csp": repr(getattr(s, "SECURE_CSP", None)),
    "session_engine": getattr(s, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
}))
"""


def _settings(tmp_path: Path, env: dict[str, str], *, pythonpath: str = "") -> Any:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "STORAGE"}
    }
    clean.update({"THIDUA_VAR_DIR": str(tmp_path), **env})
    if pythonpath:
        clean["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-c", PRINT], env=clean, capture_output=True, text=True, check=False
    )


def test_production_turns_on_https_hsts_secure_cookies_redis_and_json_logs(
    tmp_path: Path,
) -> None:
    env = {**PRODUCTION, "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/thidua"}
    result = _settings(tmp_path, env)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["redirect"] is True
    assert got["hsts"] == 31_536_000
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["session_secure"] is True and got["csrf_secure"] is True
    assert got["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert got["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert got["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert got["log"] == "json"
    # A restarted PostgreSQL is recovered: kept connections are checked before reuse.
    assert got["db"] == {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    # Sessions in the database: a Redis restart (it keeps nothing on disk) logs nobody out.
    assert got["session_engine"] == "django.contrib.sessions.backends.db"
    # No secret key file is written in production: the key comes from the environment only.
    assert not (tmp_path / "secret_key").exists()


def test_production_keeps_every_middleware_and_the_content_security_policy(
    tmp_path: Path,
) -> None:
    demo = json.loads(_settings(tmp_path, {}).stdout)
    production = json.loads(_settings(tmp_path, PRODUCTION).stdout)
    assert set(demo["middleware"]) <= set(production["middleware"])
    assert production["csp"] == demo["csp"]
    assert production["middleware"][0] == "thidua.core.request_id.RequestIdMiddleware"


def test_the_demo_profile_stays_plain_http(tmp_path: Path) -> None:
    got = json.loads(_settings(tmp_path, {}).stdout)
    assert got["redirect"] is False and got["hsts"] == 0 and got["proxy"] == []
    assert got["session_secure"] is False
    assert got["log"] == "plain"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "THIDUA_PROFILE=production needs SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "THIDUA_PROFILE=production needs ALLOWED_HOSTS"),
        ({"REDIS_URL": ""}, "THIDUA_PROFILE=production needs REDIS_URL"),
        ({"DEBUG": "true"}, "cannot run with DEBUG=true"),
        ({"THIDUA_PROFILE": "prod"}, "THIDUA_PROFILE='prod' is not a profile"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "is not a Redis URL"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' is not a format"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS=-1 must be at least 0"),
        ({"STORAGE": "ftp"}, "STORAGE='ftp' is not known"),
    ],
)
def test_bad_or_missing_production_settings_fail_loudly(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    env = {k: v for k, v in {**PRODUCTION, **change}.items() if v}
    result = _settings(tmp_path, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_s3_storage_needs_its_libraries_and_a_bucket(tmp_path: Path) -> None:
    hidden = tmp_path / "site"
    (hidden / "storages").mkdir(parents=True)
    (hidden / "storages" / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    missing = _settings(tmp_path, {"STORAGE": "s3", "S3_BUCKET": "b"}, pythonpath=str(hidden))
    assert "pip install 'thidua[s3]'" in missing.stderr
    no_bucket = _settings(tmp_path, {"STORAGE": "s3"})
    assert "STORAGE=s3 needs S3_BUCKET" in no_bucket.stderr
    env = {
        "STORAGE": "s3",
        "S3_BUCKET": "thidua-media",
        "S3_ENDPOINT_URL": "https://s3.example.gov.vn",
        "S3_ACCESS_KEY_ID": "AK",
        "S3_SECRET_ACCESS_KEY": "SK",
    }
    result = _settings(tmp_path, env)
    assert result.returncode == 0, result.stderr
    media = json.loads(result.stdout)["media"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "thidua-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.gov.vn"
    assert media["OPTIONS"]["default_acl"] is None  # private objects


def test_behind_nginx_http_is_redirected_https_gets_hsts_and_healthz_stays_plain(
    db: None, settings: Any
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    client = Client()
    plain = client.get("/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/login/"
    secure = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    # Not redirected.  (The queue check is tested in test_healthz.py; here it would open the
    # jobs app's own database connection, which outlives the test.)
    with mock.patch("thidua.core.views.check_queue", return_value="not configured"):
        assert client.get("/healthz").status_code == 200


def test_production_logs_one_json_line_per_request_with_its_id(tmp_path: Path) -> None:
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_X_REQUEST_ID='req-0123456789', "
        "HTTP_X_FORWARDED_PROTO='https')\n"
        "print(r.status_code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update({**PRODUCTION, "THIDUA_VAR_DIR": str(tmp_path)})
    env["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    status = int(result.stdout.strip())
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line.get("logger") == "thidua.request"]
    assert len(request_lines) == 1, result.stderr
    line = request_lines[0]
    assert line["request_id"] == "req-0123456789"
    assert line["status"] == status
    assert line["path"] == "/healthz" and line["method"] == "GET"
    assert line["level"] == "INFO" and "time" in line
