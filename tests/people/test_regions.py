import pytest

from chorus.people import regions
from chorus.people.models import Region


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(regions, "_PROVIDERS", {})


@pytest.mark.django_db
def test_sections_see_the_region_and_every_region_inside_it(clean_registry):
    north_east = Region.objects.create(name="North East")
    Region.objects.create(name="Stockton-on-Tees", parent=north_east)
    Region.objects.create(name="Cumbria")

    def provider(found, viewer):
        names = sorted(region.name for region in found)
        return regions.RegionSection(
            key="names", title="Places", template="x.html", context={"names": names}
        )

    regions.register("names", provider)
    (section,) = regions.sections_for(north_east, viewer=None)
    assert section.context["names"] == ["North East", "Stockton-on-Tees"]


@pytest.mark.django_db
def test_sections_come_in_order_and_empty_ones_are_left_out(clean_registry):
    region = Region.objects.create(name="Carlisle")
    regions.register(
        "b", lambda found, viewer: regions.RegionSection("b", "Later", "b.html", order=20)
    )
    regions.register(
        "a", lambda found, viewer: regions.RegionSection("a", "First", "a.html", order=10)
    )
    regions.register("none", lambda found, viewer: None)
    assert [section.title for section in regions.sections_for(region, viewer=None)] == [
        "First",
        "Later",
    ]
