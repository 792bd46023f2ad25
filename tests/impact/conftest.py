from __future__ import annotations

import datetime

import pytest

from tests.factories import OutletFactory, PlacementFactory, segment

D = datetime.date


@pytest.fixture
def outlets(db):
    return {
        "mixed": OutletFactory(name="Example Evening News", segment=segment("mixed-middle")),
        "supportive": OutletFactory(
            name="Example Progressive", segment=segment("already-supportive")
        ),
    }


@pytest.fixture
def year_2022(outlets):
    """Three placements inside July 2022 – June 2023 (on both edges) and two just outside."""
    inside = [
        PlacementFactory(
            published_on=D(2022, 7, 1),
            outlet=outlets["mixed"],
            outside_voice=True,
            format="first_person",
        ),
        PlacementFactory(
            published_on=D(2022, 9, 15),
            outlet=outlets["mixed"],
            outside_voice=False,
            format="interview",
        ),
        PlacementFactory(
            published_on=D(2023, 6, 30),
            outlet=outlets["supportive"],
            outside_voice=True,
            format="interview",
        ),
    ]
    outside = [
        PlacementFactory(published_on=D(2022, 6, 30), outlet=outlets["mixed"], outside_voice=True),
        PlacementFactory(published_on=D(2023, 7, 1), outlet=outlets["mixed"], outside_voice=True),
    ]
    return inside, outside
