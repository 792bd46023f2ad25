"""Key rotation: `reencrypt` rewrites every encrypted value under the newest key."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from chorus.accounts.roles import Role
from chorus.lib import crypto
from chorus.privacy import encryption
from chorus.privacy.encryption import encrypted_models, raw_values, reencrypt_all
from tests.factories import StorytellerFactory
from tests.privacy.test_subject_access import rich_storyteller

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def keys(settings):
    def use(*keys: str) -> None:
        settings.CHORUS_ENCRYPTION_KEYS = list(keys)
        crypto.reset_keys()

    use(KEY_A)
    yield use
    crypto.reset_keys()  # the settings fixture puts the test key back; forget ours


def _raw() -> dict[tuple[str, object, str], str]:
    return {
        (columns.label, pk, name): value
        for columns in encrypted_models()
        for pk, name, value in raw_values(columns)
    }


def _decrypted() -> dict[tuple[str, object, str], str]:
    """Every encrypted value read through the ORM (which decrypts with the current keys)."""
    values = {}
    for columns in encrypted_models():
        names = [f.name for f in columns.fields]
        for pk, *row in columns.model._default_manager.values_list("pk", *names):
            for name, value in zip(names, row, strict=True):
                if value:
                    values[(columns.label, pk, name)] = value
    return values


def _reencrypt(*args: str) -> str:
    out = StringIO()
    call_command("reencrypt", *args, stdout=out)
    return out.getvalue()


def test_it_finds_every_model_with_an_encrypted_field():
    labels = {columns.label for columns in encrypted_models()}
    assert {
        "voices.storytellerprofile",
        "voices.consent",
        "voices.mentoringsession",
        "voices.wellbeingcheckin",
        "voices.safeguardingconcern",
        "voices.safeguardingaction",
        "media.pitch",
    } <= labels
    profile = next(c for c in encrypted_models() if c.label == "voices.storytellerprofile")
    assert {f.name for f in profile.fields} >= {"legal_name", "story_notes", "contact_details"}


def test_it_rewrites_everything_under_the_newest_key(keys, users):
    rich_storyteller(users[Role.ADMIN])
    StorytellerFactory(story_notes="A second invented story")
    plain = _decrypted()
    raw_before = _raw()
    assert len(raw_before) >= 15
    assert all(value.startswith(crypto.PREFIX) for value in raw_before.values())

    keys(KEY_B, KEY_A)
    output = _reencrypt("--batch-size", "2")

    raw_after = _raw()
    assert raw_after.keys() == raw_before.keys()
    assert all(raw_after[k] != raw_before[k] for k in raw_before)
    assert f"Done: {len(raw_before)} values re-encrypted under the newest key." in output
    assert "voices.storytellerprofile: 2 rows checked" in output
    # Only the new key is needed now.
    keys(KEY_B)
    assert _decrypted() == plain
    # And no value, decrypted, went to the output.
    assert not [v for v in plain.values() if v in output]


def test_running_it_again_rewrites_nothing(keys, users):
    rich_storyteller(users[Role.ADMIN])
    keys(KEY_B, KEY_A)
    first = reencrypt_all()
    raw = _raw()
    assert first > 0
    assert reencrypt_all() == 0
    assert _raw() == raw


def test_it_encrypts_plaintext_left_behind(keys):
    profile = StorytellerFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE voices_storytellerprofile SET story_notes = %s WHERE id = %s",
            ["Plaintext written by hand", profile.pk],
        )
    reencrypt_all()
    stored = _raw()[("voices.storytellerprofile", profile.pk, "story_notes")]
    assert stored.startswith(crypto.PREFIX) and "Plaintext" not in stored
    profile.refresh_from_db()
    assert profile.story_notes == "Plaintext written by hand"


def test_an_interrupted_run_keeps_its_batches_and_a_second_run_finishes(keys, users, monkeypatch):
    for _ in range(5):
        StorytellerFactory(story_notes="An invented story")
    plain = _decrypted()
    keys(KEY_B, KEY_A)
    rotate, calls = crypto.rotate, []

    def failing_rotate(stored: str) -> str:
        calls.append(stored)
        if len(calls) == 13:
            raise KeyboardInterrupt  # someone pressed Ctrl-C in the middle of a batch
        return rotate(stored)

    monkeypatch.setattr(encryption.crypto, "rotate", failing_rotate)
    with pytest.raises(KeyboardInterrupt):
        reencrypt_all(batch_size=2)
    monkeypatch.setattr(encryption.crypto, "rotate", rotate)
    # The first batch (two profiles, four encrypted fields each) was committed; the
    # second, interrupted half-way, was rolled back whole.
    newest = encryption._Newest()
    current = [v for v in _raw().values() if newest.is_current(v)]
    assert len(current) == 8
    assert reencrypt_all(batch_size=2) == len(plain) - 8
    keys(KEY_B)
    assert _decrypted() == plain


def test_it_stops_on_a_value_no_key_can_read(keys):
    StorytellerFactory()
    keys(KEY_B)  # key A, which encrypted the data, is gone
    with pytest.raises(crypto.DecryptionError):
        reencrypt_all()


def test_it_refuses_a_batch_size_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _reencrypt("--batch-size", "0")


def test_newkey_prints_a_fresh_key():
    out = StringIO()
    call_command("newkey", stdout=out)
    key = out.getvalue().strip()
    Fernet(key.encode())  # a valid key
    other = StringIO()
    call_command("newkey", stdout=other)
    assert other.getvalue().strip() != key
