"""Listens per source, through the import framework and `chorus import podcast-<source>`."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from chorus import cli
from chorus.accounts.roles import Role
from chorus.lib.imports import services as imports
from chorus.lib.imports.models import ImportUpload
from chorus.lib.imports.services import import_file_run
from chorus.social.podcast import services
from chorus.social.podcast.models import ListenFigure
from chorus.social.podcast.selectors import listens_by_source

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "podcast"
TITLES = [
    "Crossing lines",
    "Home, twice",
    "The waiting room",
    "Paperwork",
    "Voices at work",
    "What safety sounds like",
]


@pytest.fixture
def episodes(users):
    series = services.series_create(actor=users[Role.ADMIN], title="Invented Voices")
    return [
        services.episode_create(actor=users[Role.ADMIN], series=series, number=n, title=title)
        for n, title in enumerate(TITLES, start=1)
    ]


def _expected(path: Path) -> int:
    """The sum of the file's counts, read with the csv module (thousands separators too)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(int(row[2].replace(",", "")) for row in list(csv.reader(handle))[1:])


@pytest.mark.parametrize(
    ("kind", "name", "metric"),
    [
        ("podcast-host", "host_downloads.csv", "downloads"),
        ("podcast-apple", "apple_listeners.csv", "listeners"),
        ("podcast-spotify", "spotify_plays.csv", "streams"),
        ("podcast-op3", "op3_downloads.csv", "downloads"),
    ],
)
def test_each_source_imports_under_its_own_metric(users, episodes, kind, name, metric):
    path = FIXTURES / name
    outcome = import_file_run(
        actor=users[Role.DIGITAL_OFFICER], kind=kind, name=name, data=path.read_bytes()
    )
    assert outcome.errors == []
    assert outcome.created == 60
    figures = ListenFigure.objects.all()
    assert set(figures.values_list("metric", flat=True)) == {metric}
    assert sum(figures.values_list("value", flat=True)) == _expected(path)
    assert figures.filter(episode=episodes[0]).count() == 10


def test_reimporting_replaces_each_day_and_never_duplicates(users, episodes):
    data = (FIXTURES / "host_downloads.csv").read_bytes()
    import_file_run(actor=users[Role.ADMIN], kind="podcast-host", name="a.csv", data=data)
    again = import_file_run(actor=users[Role.ADMIN], kind="podcast-host", name="b.csv", data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)
    changed = data.replace(b'1,2022-09-20,"1,385"', b"1,2022-09-20,1400")
    third = import_file_run(
        actor=users[Role.ADMIN], kind="podcast-host", name="c.csv", data=changed
    )
    assert (third.created, third.updated) == (0, 1)
    assert (
        ListenFigure.objects.get(episode=episodes[0], on=datetime.date(2022, 9, 20)).value == 1400
    )
    assert ListenFigure.objects.count() == 60


def test_a_file_with_bad_rows_imports_nothing_and_says_which(users, episodes):
    outcome = import_file_run(
        actor=users[Role.ADMIN],
        kind="podcast-host",
        name="bad.csv",
        data=(FIXTURES / "host_downloads_bad_rows.csv").read_bytes(),
    )
    errors = {(e["row"], e["column"]): e["error"] for e in outcome.errors}
    assert errors == {
        (5, "Episode"): "no episode is ‘E9’ (number or title).",
        (6, "Date"): "‘31/02/2023’ is not a day (YYYY-MM-DD or DD/MM/YYYY).",
        (7, "Downloads"): "‘lots’ is not a whole number.",
    }
    assert not ListenFigure.objects.exists()


def test_sources_are_never_added_together(users, episodes):
    for kind, name in (
        ("podcast-host", "host_downloads.csv"),
        ("podcast-apple", "apple_listeners.csv"),
        ("podcast-spotify", "spotify_plays.csv"),
    ):
        import_file_run(
            actor=users[Role.ADMIN], kind=kind, name=name, data=(FIXTURES / name).read_bytes()
        )
    sources = {s.source: s for s in listens_by_source()}
    assert {s: f.metric for s, f in sources.items()} == {
        "host": "downloads",
        "apple": "listeners",
        "spotify": "streams",
    }
    assert sources["host"].total == _expected(FIXTURES / "host_downloads.csv")
    assert sources["apple"].total == _expected(FIXTURES / "apple_listeners.csv")
    assert sources["spotify"].total == _expected(FIXTURES / "spotify_plays.csv")


def test_the_listens_page_shows_each_source_with_its_definition(client_for, users, episodes):
    client = client_for(Role.DIGITAL_OFFICER)
    empty = client.get(reverse("social:listen_list")).content.decode()
    assert "No listens imported yet." in empty
    for kind, name in (
        ("podcast-host", "host_downloads.csv"),
        ("podcast-spotify", "spotify_plays.csv"),
    ):
        import_file_run(
            actor=users[Role.ADMIN], kind=kind, name=name, data=(FIXTURES / name).read_bytes()
        )
    page = client.get(reverse("social:listen_list")).content.decode()
    host_total = _expected(FIXTURES / "host_downloads.csv")
    spotify_total = _expected(FIXTURES / "spotify_plays.csv")
    assert f"{host_total} downloads" in page
    assert f"{spotify_total} streams" in page
    assert str(host_total + spotify_total) not in page
    assert "IAB Podcast Measurement" in page
    assert "plays of at least 60 seconds on Spotify" in page


def test_the_command_line_imports_a_file(capsys, users, episodes):
    path = FIXTURES / "spotify_plays.csv"
    assert cli.main(["import", "podcast-spotify", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == 60
    assert ListenFigure.objects.filter(source="spotify").count() == 60


def test_a_heading_of_its_own_is_mapped_once_then_imported(users, episodes):
    actor = users[Role.DIGITAL_OFFICER]
    data = b"Show episode,Day,Listeners\n1,2022-09-20,12\nPaperwork,2023-03-15,7\n"
    upload = imports.import_upload_create(
        actor=actor, kind="podcast-apple", name="apple.csv", data=data
    )
    assert upload.status == ImportUpload.Status.INVALID  # no Episode column yet
    upload = imports.import_upload_remap(
        actor=actor, upload=upload, mapping={"Show episode": "Episode"}
    )
    assert upload.status == ImportUpload.Status.READY
    upload = imports.import_upload_confirm(actor=actor, upload=upload)
    assert upload.status == ImportUpload.Status.IMPORTED
    assert dict(ListenFigure.objects.values_list("episode__number", "value")) == {1: 12, 4: 7}
