from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload as PlacementImport
from chorus.media import imports
from chorus.media.imports import IMPORTED_OUTSIDE_NOTE
from chorus.media.models import Outlet, Placement, PlacementFormat
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import CampaignFactory, OutletFactory, PlacementFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("media:placement_import")
HEADER = "date,outlet,headline,url,format,lived experience,campaign"
EVIL = '=HYPERLINK("http://evil.example","click")'


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def _messages(check: imports.ImportCheck) -> list[str]:
    return [p.message for p in check.errors]


def _upload(client, data: bytes, name: str = "placements.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


# --- Reading files (no HTTP) ---------------------------------------------------------


def test_it_reads_dates_formats_and_yes_no_in_the_forms_staff_write():
    check = imports.parse_placements_csv(
        _csv(
            "2023-06-19,ITV News,One,https://a.example/1,Interview,yes,",
            "19/06/2023,ITV News,Two,https://a.example/2,first-person piece,N,",
            "1/7/2023,ITV News,Three,https://a.example/3,NEWS_QUOTE,true,",
            "2023-07-02,ITV News,Four,,broadcast package,0,",
        )
    )
    assert check.errors == []
    assert [r.published_on for r in check.rows] == [
        datetime.date(2023, 6, 19),
        datetime.date(2023, 6, 19),
        datetime.date(2023, 7, 1),
        datetime.date(2023, 7, 2),
    ]
    assert [r.format for r in check.rows] == [
        PlacementFormat.INTERVIEW,
        PlacementFormat.FIRST_PERSON,
        PlacementFormat.NEWS_QUOTE,
        PlacementFormat.BROADCAST,
    ]
    # Nobody in an imported row is recorded as a storyteller: "yes" is someone outside
    # the network, noted as coming from the spreadsheet.
    assert [r.quotes_outside_network for r in check.rows] == [True, False, True, False]
    assert check.rows[0].outside_voice_note == IMPORTED_OUTSIDE_NOTE
    assert check.rows[1].outside_voice_note == ""
    assert [r.row for r in check.rows] == [2, 3, 4, 5]


def test_it_accepts_headers_in_any_case_order_and_spacing_and_a_byte_order_mark():
    data = (
        "\ufeff  Lived Experience , URL,Headline,FORMAT, Outlet ,Date\r\n"
        "no,,A story,feature,Metro,2023-01-05\r\n"
    )
    check = imports.parse_placements_csv(data.encode("utf-8"))
    assert check.errors == []
    assert check.rows[0].outlet_name == "Metro"
    assert check.rows[0].published_on == datetime.date(2023, 1, 5)


def test_it_names_the_row_and_column_of_a_bad_date_in_plain_words():
    check = imports.parse_placements_csv(
        _csv(
            "2023-02-01,Metro,Fine,https://m.example/1,feature,no,",
            "2023-02-02,Metro,Fine too,https://m.example/2,feature,no,",
            "31/02/2023,Metro,Bad,https://m.example/3,feature,no,",
        )
    )
    assert _messages(check) == [
        "Row 4, date: ‘31/02/2023’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY."
    ]
    assert check.errors[0].as_dict() == {
        "row": 4,
        "column": "date",
        "message": "Row 4, date: ‘31/02/2023’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.",
    }


def test_it_explains_each_kind_of_bad_cell():
    check = imports.parse_placements_csv(
        _csv(
            ",Metro,,bbc.co.uk/news,podcast,maybe,",
        )
    )
    messages = _messages(check)
    assert (
        "Row 2, date: empty. Write the day it was published, as YYYY-MM-DD or DD/MM/YYYY."
        in messages
    )
    assert "Row 2, headline: empty. Write the story’s headline." in messages
    assert any(m.startswith("Row 2, url: ‘bbc.co.uk/news’ is not a web link.") for m in messages)
    assert any(
        m.startswith("Row 2, format: ‘podcast’ is not a format Chorus knows.") for m in messages
    )
    assert "Row 2, lived experience: ‘maybe’ is not yes or no. Use yes or no." in messages


def test_it_refuses_unknown_columns_by_name():
    check = imports.parse_placements_csv(
        _csv(
            "2023-01-01,Metro,A,https://m.example/1,feature,no,x,1m",
            header=HEADER + ",Journalist,Reach",
        )
    )
    assert check.rows == []
    assert len(check.file_errors) == 1
    assert "Unknown columns: ‘Journalist’, ‘Reach’." in check.file_errors[0].message


def test_it_refuses_missing_columns_by_name():
    check = imports.parse_placements_csv(_csv("2023-01-01,Metro,A", header="date,outlet,headline"))
    assert check.rows == []
    message = check.file_errors[0].message
    assert message.startswith("Missing columns: ‘url’, ‘format’, ‘lived experience’.")


def test_it_asks_for_csv_utf8_when_the_file_is_in_another_encoding():
    data = (
        HEADER + "\r\n2023-01-01,Le Monde,Café society,https://lm.example/1,feature,no,\r\n"
    ).encode("cp1252")
    check = imports.parse_placements_csv(data)
    assert check.rows == []
    assert "not saved as UTF-8" in check.file_errors[0].message
    assert '"CSV UTF-8 (Comma delimited)"' in check.file_errors[0].message


def test_it_recognises_an_excel_workbook():
    check = imports.parse_placements_csv(b"PK\x03\x04 rest of a zip file")
    assert "This is an Excel workbook, not a CSV file." in check.file_errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (
            HEADER.encode() + b"\r\n,,,,,,\r\n",
            "The file has a header row but no placements under it.",
        ),
    ],
)
def test_it_explains_a_file_with_no_placements(data, message):
    check = imports.parse_placements_csv(data)
    assert not check.ok
    assert check.file_errors[0].message.startswith(message)


def test_it_refuses_more_than_five_thousand_rows():
    rows = [f"2023-01-01,Metro,Story {n},https://m.example/{n},feature,no," for n in range(5001)]
    check = imports.parse_placements_csv(_csv(*rows))
    assert check.rows == []
    assert "more than 5,000 placements" in check.file_errors[0].message


def test_it_refuses_a_file_over_five_megabytes():
    check = imports.parse_placements_csv(b"x" * (imports.MAX_BYTES + 1))
    assert "the most Chorus takes is 5 MB" in check.file_errors[0].message


def test_it_reports_links_repeated_in_the_file_and_already_recorded():
    PlacementFactory(
        url="https://m.example/old",
        headline="Told before",
        outlet=OutletFactory(name="Metro"),
        published_on=datetime.date(2022, 9, 1),
    )
    check = imports.check_placements_csv(
        _csv(
            "2023-01-01,Metro,First,https://m.example/1,feature,no,",
            "2023-01-02,Metro,Again,https://m.example/1,feature,no,",
            "2023-01-03,Metro,Old,https://m.example/old,feature,no,",
        )
    )
    assert _messages(check) == [
        "Row 3, url: the same link as row 2. Each placement should appear once.",
        "Row 4, url: already recorded as a placement: ‘Told before’ (Metro, 1 September 2022). "
        "Remove the row, or delete the old placement first.",
    ]


def test_it_matches_outlets_and_campaigns_and_flags_new_outlets():
    metro = OutletFactory(name="Metro")
    sky = OutletFactory(name="Sky News", domains=["sky.com"])
    week = CampaignFactory(name="Refugee Week 2023", hashtag="#RefugeeWeek")
    check = imports.check_placements_csv(
        _csv(
            "2023-01-01,METRO,A,https://m.example/1,feature,no,refugee week 2023",
            "2023-01-02,,B,https://news.sky.com/story/2,feature,no,#refugeeweek",
            "2023-01-03,Teesside Today,C,https://tt.example/3,feature,no,",
            "2023-01-04,teesside today,D,https://tt.example/4,feature,no,",
        )
    )
    assert check.ok
    assert [r.outlet for r in check.rows] == [metro, sky, None, None]
    assert [r.campaign for r in check.rows] == [week, week, None, None]
    assert check.rows[1].outlet_from_url
    assert imports.new_outlet_names(check) == ["Teesside Today"]
    assert [w.message for w in check.warnings] == [
        "Row 4, outlet: ‘Teesside Today’ is a new outlet, needs segment review. "
        "It will be added when you import."
    ]


def test_it_reports_an_unknown_campaign_rather_than_inventing_one():
    CampaignFactory(name="Refugee Week 2023")
    check = imports.check_placements_csv(
        _csv("2023-01-01,Metro,A,https://m.example/1,feature,no,Refugee Wek")
    )
    assert _messages(check) == [
        "Row 2, campaign: ‘Refugee Wek’ is not a campaign in Chorus. Check the spelling, or add "
        "the campaign on the Campaigns page first. Did you mean ‘Refugee Week 2023’? "
        "Campaigns in Chorus: Refugee Week 2023."
    ]


def test_it_keeps_a_formula_in_a_headline_as_plain_text():
    row = f'2023-01-01,Metro,"{EVIL.replace(chr(34), chr(34) * 2)}",https://m.example/1,feature,no,'
    check = imports.parse_placements_csv(_csv(row))
    assert check.errors == []
    assert check.rows[0].headline == EVIL


# --- The upload, preview and confirm flow ---------------------------------------------


def test_it_previews_every_row_then_imports_them_all_in_one_go(client_for, users):
    metro = OutletFactory(name="Metro")
    week = CampaignFactory(name="Refugee Week 2023")
    data = _csv(
        "2023-06-19,Metro,One,https://m.example/1,Interview,yes,Refugee Week 2023",
        "20/06/2023,Teesside Today,Two,https://tt.example/2,feature,no,",
        "2023-06-21,Teesside Today,Three,https://tt.example/3,Opinion,n,",
    )
    client = client_for(Role.MEDIA_OFFICER)
    response = _upload(client, data, "coverage 2023.csv")
    upload = PlacementImport.objects.get()
    assert response["Location"] == reverse("media:placement_import_detail", args=[upload.pk])
    assert upload.status == PlacementImport.Status.READY
    assert upload.row_count == 3
    assert upload.uploaded_by == users[Role.MEDIA_OFFICER]
    assert Path(upload.file.path).read_bytes() == data
    assert not Placement.objects.exists()  # nothing saved before confirming

    preview = client.get(response["Location"]).content.decode()
    for headline in ("One", "Two", "Three"):
        assert f"<td>{headline}</td>" in preview
    assert "New outlet, needs segment review" in preview
    assert "Import 3 placements" in preview

    confirmed = client.post(
        reverse("media:placement_import_confirm", args=[upload.pk]), follow=True
    )
    assert "Imported 3 placements from coverage 2023.csv." in confirmed.content.decode()
    placements = list(Placement.objects.order_by("published_on"))
    assert [p.headline for p in placements] == ["One", "Two", "Three"]
    assert placements[0].outlet == metro and placements[0].campaign == week
    assert placements[0].quotes_outside_network is True
    assert placements[0].outside_voice_note == IMPORTED_OUTSIDE_NOTE
    assert placements[1].quotes_outside_network is False
    assert placements[1].published_on == datetime.date(2023, 6, 20)
    assert placements[2].format == PlacementFormat.OPINION
    new = Outlet.objects.get(name="Teesside Today")
    assert new.needs_segment_review is True
    assert {p.outlet for p in placements[1:]} == {new}
    upload.refresh_from_db()
    assert upload.status == PlacementImport.Status.IMPORTED
    assert upload.created_count == 3
    imported = AuditEntry.objects.filter(action=AuditAction.IMPORT)
    assert imported.count() == 1
    assert imported.get().object_id == str(upload.pk)
    created = AuditEntry.objects.filter(object_type="media.placement", action=AuditAction.CREATE)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(
        str(p.pk) for p in placements
    )


def test_it_saves_nothing_when_one_row_is_bad_but_keeps_the_file(client_for):
    data = _csv(
        "2023-06-19,Metro,One,https://m.example/1,Interview,yes,",
        "31/02/2023,Metro,Two,https://m.example/2,Interview,yes,",
    )
    client = client_for(Role.MEDIA_OFFICER)
    response = _upload(client, data)
    upload = PlacementImport.objects.get()
    assert upload.status == PlacementImport.Status.INVALID
    assert upload.errors == [
        {
            "row": 3,
            "column": "date",
            "message": "Row 3, date: ‘31/02/2023’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.",
        }
    ]
    assert Path(upload.file.path).read_bytes() == data
    preview = client.get(response["Location"]).content.decode()
    assert "Nothing has been saved." in preview
    assert "Row 3, date: ‘31/02/2023’ is not a date." in preview
    assert reverse("media:placement_import_confirm", args=[upload.pk]) not in preview
    refused = client.post(reverse("media:placement_import_confirm", args=[upload.pk]), follow=True)
    assert "nothing can be imported from it" in refused.content.decode()
    assert not Placement.objects.exists()
    assert not Outlet.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            (HEADER + "\r\n2023-01-01,Le Monde,Café,https://lm.example/1,feature,no,\r\n").encode(
                "cp1252"
            ),
            "not saved as UTF-8",
        ),
        (b"", "The file is empty."),
        (
            _csv("2023-01-01,Metro,A,https://m.example/1,feature,no,,1m", header=HEADER + ",Reach"),
            "Unknown column: ‘Reach’.",
        ),
    ],
)
def test_it_keeps_an_unreadable_file_and_explains_why(client_for, data, expected):
    client = client_for(Role.MEDIA_OFFICER)
    response = _upload(client, data)
    upload = PlacementImport.objects.get()
    assert upload.status == PlacementImport.Status.INVALID
    assert Path(upload.file.path).read_bytes() == data
    assert expected in client.get(response["Location"]).content.decode()


def test_it_imports_once_however_often_confirm_is_pressed(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    _upload(client, _csv("2023-06-19,Metro,One,https://m.example/1,Interview,yes,"))
    upload = PlacementImport.objects.get()
    confirm = reverse("media:placement_import_confirm", args=[upload.pk])
    client.post(confirm)
    again = client.post(confirm, follow=True)
    assert "This file was already imported" in again.content.decode()
    assert Placement.objects.count() == 1
    assert Outlet.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_it_checks_again_when_confirming(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    _upload(client, _csv("2023-06-19,Metro,One,https://m.example/1,Interview,yes,"))
    upload = PlacementImport.objects.get()
    # Someone records the same story by hand between the upload and the confirm.
    PlacementFactory(url="https://m.example/1", headline="Typed in meanwhile")
    response = client.post(reverse("media:placement_import_confirm", args=[upload.pk]), follow=True)
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Row 2, url: already recorded as a placement: ‘Typed in meanwhile’" in page
    upload.refresh_from_db()
    assert upload.status == PlacementImport.Status.INVALID
    assert Placement.objects.count() == 1


def test_it_lists_past_imports_on_the_upload_page(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    _upload(client, b"", "first.csv")
    _upload(client, _csv("2023-06-19,Metro,One,https://m.example/1,Interview,yes,"), "second.csv")
    page = client.get(UPLOAD).content.decode()
    assert "first.csv" in page and "second.csv" in page
    assert "Has errors: nothing saved" in page
    assert "Checked: ready to import" in page


def test_it_refuses_a_file_over_five_megabytes_without_keeping_it(client_for):
    response = _upload(client_for(Role.MEDIA_OFFICER), b"x" * (imports.MAX_BYTES + 1))
    assert response.status_code == 200
    assert "the most Chorus takes is 5 MB" in response.content.decode()
    assert not PlacementImport.objects.exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY])
def test_it_refuses_imports_to_staff_who_may_only_look(client_for, role):
    data = _csv("2023-06-19,Metro,One,https://m.example/1,Interview,yes,")
    assert _upload(client_for(role), data).status_code == 403
    assert not PlacementImport.objects.exists()
    _upload(client_for(Role.MEDIA_OFFICER), data)
    upload = PlacementImport.objects.get()
    client = client_for(role)
    assert client.get(reverse("media:placement_import_detail", args=[upload.pk])).status_code == 403
    confirm = client.post(reverse("media:placement_import_confirm", args=[upload.pk]))
    assert confirm.status_code == 403
    assert not Placement.objects.exists()


# --- Fixes from issue 9 (C3) -------------------------------------------------------------


def test_an_unknown_campaign_names_the_closest_match_and_every_campaign():
    names = [
        "Refugee Week 2023",
        "Safe routes",
        "Together with refugees",
        "Welcome hotels",
        "Lift the ban",
        "Families together",
        "Homes not hotels",
        "Asylum myths",
        "Small boats facts",
        "Right to work",
        "Sanctuary schools",
        "City of sanctuary",
        "Voices of welcome",
        "Winter appeal",
    ]
    for name in names:
        CampaignFactory(name=name)
    check = imports.check_placements_csv(
        _csv(
            "2023-01-01,Metro,A,https://m.example/1,feature,no,Safe route",
            "2023-01-02,Metro,B,https://m.example/2,feature,no,Nothing like it",
        )
    )
    close, far = _messages(check)
    assert "Did you mean ‘Safe routes’?" in close
    assert "Did you mean" not in far
    for message in (close, far):
        listed = message.split("Campaigns in Chorus: ", 1)[1].rstrip(".").split(", ")
        assert sorted(listed) == sorted(names)


def test_a_humanising_column_that_is_absent_sets_nothing(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    _upload(client, _csv("2023-06-19,Metro,Absent,https://m.example/1,Interview,yes,"))
    upload = PlacementImport.objects.get()
    client.post(reverse("media:placement_import_confirm", args=[upload.pk]))
    assert Placement.objects.get().is_humanising is None

    _upload(
        client,
        _csv(
            "2023-06-20,Metro,Said no,https://m.example/2,Interview,yes,,no",
            "2023-06-21,Metro,Said yes,https://m.example/3,Interview,yes,,yes",
            "2023-06-22,Metro,Left empty,https://m.example/4,Interview,yes,,",
            header=HEADER + ",humanising",
        ),
    )
    second = PlacementImport.objects.get(status=PlacementImport.Status.READY)
    client.post(reverse("media:placement_import_confirm", args=[second.pk]))
    found = dict(Placement.objects.values_list("headline", "is_humanising"))
    assert found == {"Absent": None, "Said no": False, "Said yes": True, "Left empty": None}


def test_the_check_column_of_the_preview_wraps(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    response = _upload(client, _csv("31/02/2023,Metro,One,https://m.example/1,Interview,yes,"))
    page = client.get(response["Location"]).content.decode()
    assert '<td class="check"><ul class="problems"><li>Row 2, date:' in page
    css = (Path(__file__).parents[2] / "src/chorus/static/chorus/chorus.css").read_text()
    assert ".import-rows td.check, .import-rows th.check { white-space: normal;" in css
    assert ".import-rows td { overflow-wrap: anywhere; }" in css
