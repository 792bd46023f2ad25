"""The `chorus` command as a newcomer uses it: prepare the demo, then ask for the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _chorus(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "CHORUS_DEMO", "DATABASE_URL"}
    }
    env["CHORUS_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    result = _chorus("demo", "--no-serve", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Every person in it is invented" in result.stdout
    return data_dir


def test_it_prepares_the_demo_in_the_data_folder(demo_dir):
    assert (demo_dir / "chorus.sqlite3").exists()


def test_it_is_safe_to_prepare_the_demo_twice(demo_dir):
    again = _chorus("demo", "--no-serve", data_dir=demo_dir)
    assert again.returncode == 0, again.stderr
    assert "Placements: 0 created" in again.stdout


def test_it_prints_the_seed_figures_as_json(demo_dir):
    result = _chorus(
        "report",
        "--from",
        "2022-07-01",
        "--to",
        "2023-06-30",
        "--format",
        "json",
        data_dir=demo_dir,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["period"] == {"from": "2022-07-01", "to": "2023-06-30"}
    indicators = report["indicators"]
    assert indicators["media.placements"]["value"] == 177
    assert indicators["media.lived_experience_share"]["value"] == pytest.approx(115 / 177)
    assert indicators["media.mixed_middle_share"]["value"] == pytest.approx(120 / 177)


def test_it_prints_the_report_as_a_page(demo_dir):
    result = _chorus(
        "report",
        "--from",
        "2022-07-01",
        "--to",
        "2023-06-30",
        "--format",
        "html",
        data_dir=demo_dir,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("<!DOCTYPE html>")
    assert "177" in result.stdout and "<svg" in result.stdout


def test_it_explains_missing_production_settings_without_a_traceback(tmp_path):
    result = _chorus("report", "--from", "2022-07-01", "--to", "2023-06-30", data_dir=tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_the_demo_banner_names_every_demo_account():
    from chorus.cli import DEMO_USERS
    from chorus.demo.people.data import STAFF

    assert sorted(DEMO_USERS) == sorted(username for username, *_ in STAFF)


def test_gunicorn_logs_the_path_without_the_query_string_or_referrer():
    import datetime
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from chorus.cli import ACCESS_LOG_FORMAT

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/search/?q=Inventedname+Qwertyson",
        "PATH_INFO": "/search/",
        "QUERY_STRING": "q=Inventedname+Qwertyson",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://chorus.example.org/search/?q=Zorbly",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = Logger(Config()).atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    line = ACCESS_LOG_FORMAT % atoms
    assert '"GET /search/ HTTP/1.1" 200 512 12ms "Firefox"' in line
    assert "Inventedname" not in line and "Zorbly" not in line
