from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload
from chorus.media import exports
from chorus.media.models import Placement, PlacementFormat
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import (
    CampaignFactory,
    OutletFactory,
    PlacementFactory,
    RegionFactory,
    segment,
)

pytestmark = pytest.mark.django_db

EXPORT = reverse("media:placement_export")
EVIL = '=HYPERLINK("http://evil.example","click")'


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def coverage():
    bbc = OutletFactory(name="BBC News", segment=segment("mixed-middle"))
    parent = RegionFactory(name="North East")
    stockton = RegionFactory(name="Stockton-on-Tees", parent=parent)
    week = CampaignFactory(name="Refugee Week 2023")
    inside = PlacementFactory(
        outlet=bbc,
        published_on=datetime.date(2022, 7, 1),
        headline="Café owner’s story",
        url="https://www.bbc.co.uk/news/1",
        format=PlacementFormat.FIRST_PERSON,
        outside_voice=True,
        is_humanising=True,
        campaign=week,
        region=stockton,
        notes="-Pitched by Sam",
    )
    PlacementFactory(outlet=bbc, published_on=datetime.date(2023, 7, 1), headline="Outside")
    return inside


def test_it_downloads_the_filtered_list_as_csv_for_excel(client_for, coverage):
    response = client_for(Role.READ_ONLY).get(EXPORT, {"from": "2022-07-01", "to": "2023-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="placements-2022-07-01-to-2023-06-30.csv"'
    )
    assert _rows(response) == [
        list(exports.HEADER),
        [
            "2022-07-01",
            "BBC News",
            "Mixed middle",
            "Café owner’s story",
            "https://www.bbc.co.uk/news/1",
            "First-person piece",
            "yes",
            "A volunteer from the drop-in",
            "yes",
            "Refugee Week 2023",
            "North East › Stockton-on-Tees",
            "'-Pitched by Sam",
        ],
    ]


def test_it_records_each_download_in_the_audit_log(client_for, coverage):
    client_for(Role.MEDIA_OFFICER).get(EXPORT, {"from": "2022-07-01", "lived_experience": "yes"})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.object_type == "media.placement"
    assert entry.actor_username == "media"
    assert entry.note == (
        "1 placements as CSV; filters: From: 1 July 2022; "
        "Lived experience: Features a lived-experience voice"
    )


def test_it_neutralises_formulas_in_every_cell(client_for):
    outlet = OutletFactory(name="@Outlet")
    PlacementFactory(outlet=outlet, headline=EVIL, notes="+44 20 7946 0000")
    PlacementFactory(outlet=outlet, headline="\tTabbed", notes="\rReturn")
    rows = _rows(client_for(Role.MEDIA_OFFICER).get(EXPORT, {"sort": "headline"}))
    first, second = rows[1], rows[2]
    assert second[3] == "'" + EVIL
    assert second[1] == "'@Outlet"
    assert second[11] == "'+44 20 7946 0000"
    assert first[3] == "'\tTabbed"
    assert first[11] == "'\rReturn"


def test_it_stores_an_imported_formula_as_text_and_neutralises_it_on_export(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    quoted = EVIL.replace('"', '""')
    data = (
        "date,outlet,headline,url,format,lived experience\r\n"
        f'2023-06-19,Metro,"{quoted}",https://m.example/1,Interview,no\r\n'
    ).encode()
    client.post(
        reverse("media:placement_import"),
        {"file": SimpleUploadedFile("p.csv", data, "text/csv")},
    )
    upload = ImportUpload.objects.get()
    client.post(reverse("media:placement_import_confirm", args=[upload.pk]))
    assert Placement.objects.get().headline == EVIL
    rows = _rows(client.get(EXPORT))
    assert rows[1][3] == "'" + EVIL


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [
        (
            datetime.date(2022, 7, 1),
            datetime.date(2023, 6, 30),
            "placements-2022-07-01-to-2023-06-30.csv",
        ),
        (datetime.date(2022, 7, 1), None, "placements-from-2022-07-01.csv"),
        (None, datetime.date(2023, 6, 30), "placements-to-2023-06-30.csv"),
        (None, None, "placements-all.csv"),
    ],
)
def test_it_names_the_file_after_the_dates(start, end, name):
    assert exports.export_filename(start, end) == name


def test_it_exports_with_the_same_number_of_queries_for_many_rows(
    client_for, django_assert_max_num_queries
):
    client = client_for(Role.MEDIA_OFFICER)
    PlacementFactory.create_batch(2, campaign=CampaignFactory(), region=RegionFactory())
    with django_assert_max_num_queries(20) as few:
        client.get(EXPORT)
    PlacementFactory.create_batch(30, campaign=CampaignFactory(), region=RegionFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(EXPORT)
    assert len(_rows(response)) == 33
