"""The erasure register: every erasure is listed by id, and applied again after a restore."""

from __future__ import annotations

import json

import pytest

from chorus.people.models import Person
from chorus.privacy.erasure import erased_name, erasures_reapply, person_erase
from chorus.privacy.erasure_register import erasure_register_add, erasure_register_read
from chorus.privacy.models import ErasureReason
from chorus.voices.models import StorytellerProfile
from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db


def test_an_erasure_is_registered_by_id_only(settings):
    storyteller = StorytellerFactory(legal_name="Marta Invented")
    person_erase(actor=None, person=storyteller.person, reason=ErasureReason.REQUEST)

    lines = settings.CHORUS_ERASURE_REGISTER.read_text().splitlines()
    assert [json.loads(line)["person"] for line in lines] == [storyteller.person.pk]
    assert set(json.loads(lines[0])) == {"person", "reason", "on"}
    assert "Marta" not in lines[0] and storyteller.reference not in lines[0]


def test_people_erased_after_a_backup_are_erased_again_after_restoring_it(settings):
    kept, erased = StorytellerFactory(), StorytellerFactory(legal_name="Marta Invented")
    # As a restored database is: the register lists them, the data still holds them.
    erasure_register_add(person_pk=erased.person.pk, reason=ErasureReason.REQUEST)

    again = erasures_reapply(registers=[settings.CHORUS_ERASURE_REGISTER])

    assert again == [erased.person.pk]
    person = Person.objects.get(pk=erased.person.pk)
    assert person.full_name == erased_name(person.pk)
    assert StorytellerProfile.objects.get(pk=erased.pk).legal_name == ""
    assert Person.objects.get(pk=kept.person.pk).full_name != erased_name(kept.person.pk)
    # A second restore of the same data erases nobody twice.
    assert erasures_reapply(registers=[settings.CHORUS_ERASURE_REGISTER]) == []


def test_a_line_cut_short_by_a_crash_leaves_the_entries_before_it(tmp_path):
    register = tmp_path / "register.jsonl"
    register.write_text('{"person": 4, "reason": "request", "on": "2026-01-02"}\n{"person": 9, "re')
    assert erasure_register_read([register, tmp_path / "missing.jsonl"]) == {4: "request"}
