"""The demo's records are split per area, each area in a sub-package of its own."""

from __future__ import annotations

from pathlib import Path

import chorus.demo

DEMO = Path(chorus.demo.__file__).parent
AREAS = (
    "people",
    "media",
    "voices",
    "monitoring",
    "roundup",
    "training",
    "network",
    "research",
    "social",
    "funders",
    "impact",
)


def test_each_area_has_its_data_and_its_loader():
    missing = [
        f"{area}/{name}"
        for area in AREAS
        for name in ("data.py", "loader.py")
        if not (DEMO / area / name).is_file()
    ]
    assert missing == []


def test_the_entry_point_calls_each_area_loader_once():
    entry = (DEMO / "loader.py").read_text()
    for area in AREAS:
        assert entry.count(f"load_{area}(") == 1, area


def test_no_demo_module_is_over_600_lines():
    long = {
        str(path.relative_to(DEMO)): lines
        for path in DEMO.rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > 600
    }
    assert long == {}
