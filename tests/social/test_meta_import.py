"""Meta Business Suite's per-post export, through the import framework and `chorus import`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from chorus import cli
from chorus.accounts.roles import Role
from chorus.lib.imports.services import import_file_run
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.social.models import Account, MetricSnapshot, Post
from chorus.social.selectors import latest_figures

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BEFORE = FIXTURES / "meta_posts_before_april_2025.csv"
AFTER = FIXTURES / "meta_posts_from_april_2025.csv"
HEADER = BEFORE.read_text(encoding="utf-8").splitlines()[0]


def _run(actor, data: bytes, name: str = "posts.csv"):
    return import_file_run(actor=actor, kind="meta-posts", name=name, data=data)


def test_the_fixtures_hold_over_a_hundred_posts_in_both_column_sets():
    before = BEFORE.read_text(encoding="utf-8").splitlines()
    after = AFTER.read_text(encoding="utf-8").splitlines()
    assert len(before) - 1 + len(after) - 1 >= 100
    assert "Impressions" in before[0] and "Plays" in before[0] and "Views" not in before[0]
    assert "Views" in after[0] and "Plays" not in after[0]


def test_it_imports_an_old_export_keeping_plays_and_impressions_apart(users):
    outcome = _run(users[Role.DIGITAL_OFFICER], BEFORE.read_bytes())
    assert outcome.errors == []
    assert outcome.created == 60
    account = Account.objects.get()
    assert (account.handle, account.account_id, account.name) == (
        "invented_journeys",
        "17841400000000001",
        "Invented Journeys",
    )
    top = Post.objects.get(platform_post_id="17900000000134623")
    # Month first: 09/27/2022 is 27 September.
    assert top.published_at.date() == datetime.date(2022, 9, 27)
    assert top.kind == "reel"
    figures = latest_figures([top.pk])[top.pk]
    assert figures.values["plays"] == 3074  # "3,074" in quotes
    assert figures.values["reach"] == 2659
    assert "views" not in figures.values and "impressions" not in figures.values
    snap = MetricSnapshot.objects.get(post=top, metric="plays")
    assert snap.exported_on == datetime.date(2023, 7, 5)
    assert snap.age_days == (datetime.date(2023, 7, 5) - datetime.date(2022, 9, 27)).days
    image = Post.objects.get(platform_post_id="17900000000000000")
    assert set(latest_figures([image.pk])[image.pk].values) >= {"impressions", "reach"}
    assert not MetricSnapshot.objects.filter(metric="views").exists()


def test_it_imports_a_later_export_with_views_and_creates_its_account(users):
    _run(users[Role.DIGITAL_OFFICER], BEFORE.read_bytes())
    outcome = _run(users[Role.DIGITAL_OFFICER], AFTER.read_bytes())
    assert outcome.errors == [] and outcome.created == 50
    assert Account.objects.count() == 2
    assert set(Post.objects.values_list("kind", flat=True)) == {
        "image",
        "reel",
        "carousel",
        "story",
    }
    assert MetricSnapshot.objects.filter(metric="views").count() == 50
    assert (
        not MetricSnapshot.objects.filter(metric__in=["plays", "impressions"])
        .filter(post__account__handle="invented_voices_uk")
        .exists()
    )


def test_a_reimport_updates_and_never_duplicates(users):
    _run(users[Role.ADMIN], BEFORE.read_bytes())
    changed = BEFORE.read_text(encoding="utf-8").replace('"3,074"', '"3,200"')
    outcome = _run(users[Role.ADMIN], changed.encode())
    assert outcome.errors == []
    assert outcome.created == 0
    assert outcome.updated == 1
    assert outcome.unchanged == 59
    assert Post.objects.count() == 60
    top = Post.objects.get(platform_post_id="17900000000134623")
    assert MetricSnapshot.objects.get(post=top, metric="plays").value == 3200


def test_a_post_is_matched_by_its_permalink_when_the_id_differs(users):
    _run(users[Role.ADMIN], BEFORE.read_bytes())
    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    row = lines[1].replace("17900000000000000,", "17999999999999999,", 1)
    outcome = _run(users[Role.ADMIN], f"{lines[0]}\n{row}\n".encode())
    assert outcome.errors == [] and outcome.created == 0 and outcome.updated == 1
    assert Post.objects.count() == 60


def test_a_bad_row_imports_nothing_and_says_what_is_wrong(users):
    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    bad = lines[2].replace("07/09/2022 19:00", "2022-07-09 19:00").replace("IG reel", "IG poll")
    outcome = _run(users[Role.ADMIN], "\n".join([lines[0], lines[1], bad, lines[3]]).encode())
    problems = {(e["row"], e["column"]) for e in outcome.errors}
    assert problems == {(3, "Publish time"), (3, "Post type")}
    assert "MM/DD/YYYY" in next(e["error"] for e in outcome.errors if e["column"] == "Publish time")
    assert not Post.objects.exists()
    assert not Account.objects.exists()


def test_a_number_that_is_not_one_is_a_plain_error(users):
    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    outcome = _run(
        users[Role.ADMIN], f"{lines[0]}\n{lines[1].replace('"1,271"', '"1.271,5"')}\n".encode()
    )
    assert [e["column"] for e in outcome.errors] == ["Reach"]


def test_headings_in_another_language_get_a_plain_error(users):
    french = (
        "Identifiant de la publication,Identifiant du compte,Nom d'utilisateur du compte,"
        "Nom du compte,Description,Durée (s),Heure de publication,Permalien,"
        "Type de publication,Commentaire sur les données,Date,Vues,Couverture,"
        "Mentions J'aime,Partages,Suivis,Commentaires,Enregistrements\n"
        "1,2,x,X,y,0,07/04/2022 18:00,https://example.test/p/1,IG image,,Lifetime,1,1,1,1,1,1,1\n"
    )
    outcome = _run(users[Role.ADMIN], french.encode())
    assert len(outcome.errors) == 1
    assert "not in English" in outcome.errors[0]["error"]
    assert not Post.objects.exists()


def test_the_command_line_imports_the_export(capsys, users):
    assert cli.main(["import", "meta-posts", str(AFTER), "--as", "digital"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["created"] == 50 and printed["errors"] == []
    assert Post.objects.count() == 50


def test_every_post_an_import_creates_or_changes_has_its_audit_row(users):
    actor = users[Role.DIGITAL_OFFICER]
    _run(actor, BEFORE.read_bytes())
    created = AuditEntry.objects.filter(object_type="social.post", action=AuditAction.CREATE)
    assert created.count() == 60
    top = Post.objects.get(platform_post_id="17900000000134623")
    entry = created.get(object_id=str(top.pk))
    assert entry.actor == actor and entry.actor_username == actor.username
    assert entry.changes["platform_post_id"]["to"] == "17900000000134623"
    assert entry.at is not None

    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if "17900000000134623" in line)
    edited = row.replace("IG reel", "IG carousel")
    _run(actor, f"{lines[0]}\n{edited}\n".encode())
    updates = AuditEntry.objects.filter(object_type="social.post", action=AuditAction.UPDATE)
    assert list(updates.values_list("object_id", flat=True)) == [str(top.pk)]
    assert updates.get().changes["kind"] == {"from": "reel", "to": "carousel"}
    top.refresh_from_db()
    assert top.kind == "carousel"


@pytest.mark.parametrize("when", ["03/26/2023 01:30", "10/30/2022 01:30"])
def test_a_post_published_in_a_clock_change_is_unchanged_by_the_same_export(users, when):
    # 01:30 on those days is skipped (spring) or happens twice (autumn) in London.
    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    published = next(i for i, cell in enumerate(first) if cell.count("/") == 2 and ":" in cell)
    first[published] = when
    data = f"{lines[0]}\n{','.join(first)}\n".encode()
    assert _run(users[Role.ADMIN], data).created == 1
    again = _run(users[Role.ADMIN], data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()
