"""Factories for test data. Every name here is invented."""

from __future__ import annotations

import datetime

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.media.models import (
    AudienceSegment,
    Campaign,
    Outlet,
    OutletDomain,
    Placement,
    PlacementFormat,
)
from chorus.people.models import Organisation, Person, Region

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    role = Role.READ_ONLY

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


def give_totp(user: User) -> str:
    """Activate TOTP for a user the way allauth stores it; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def segment(slug: str) -> AudienceSegment:
    return AudienceSegment.objects.get(slug=slug)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Refugee Project {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Example Gazette {n}")
    segment = factory.LazyFunction(lambda: segment("mixed-middle"))
    # An outlet is media's extension of an organisation in `people`.
    organisation = factory.SubFactory(
        OrganisationFactory, name=factory.SelfAttribute("..name"), kind="media"
    )

    @factory.post_generation
    def domains(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        for domain in extracted or []:
            OutletDomain.objects.create(outlet=self, domain=domain)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    hashtag = factory.Sequence(lambda n: f"#Campaign{n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    published_on = datetime.date(2022, 9, 1)
    outlet = factory.SubFactory(OutletFactory)
    headline = factory.Sequence(lambda n: f"A story about arriving in the UK, part {n}")
    url = factory.Sequence(lambda n: f"https://example.org/story-{n}")
    format = PlacementFormat.INTERVIEW

    class Params:
        # Quotes someone with lived experience outside the network (storytellers who
        # spoke are recorded as uses of their stories instead).
        outside_voice = factory.Trait(
            quotes_outside_network=True, outside_voice_note="A volunteer from the drop-in"
        )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voices.Theme"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class StorytellerFactory(factory.django.DjangoModelFactory):
    """An invented storyteller; their directory entry carries only the reference."""

    class Meta:
        model = "voices.StorytellerProfile"

    reference = factory.Sequence(lambda n: f"S-{n:04d}")
    person = factory.LazyAttribute(
        lambda o: PersonFactory(full_name=f"Storyteller {o.reference}", email="")
    )
    legal_name = factory.Sequence(lambda n: f"Invented Name {n}")
    media_name = factory.Sequence(lambda n: f"Pseudo{n}")
    country_of_origin = "Testland"


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent in force: online and print, first name, no exclusions, no expiry."""

    class Meta:
        model = "voices.Consent"

    storyteller = factory.SubFactory(StorytellerFactory)
    given_on = datetime.date(2022, 1, 10)
    how = "written"
    media_types = factory.LazyFunction(lambda: ["print", "online"])
    identity_level = "first_name"


def record_use(*, placement=None, pitch=None, kind=None, **fields):
    """Record a use of a story the way the app it is made in does.

    A placement or pitch use goes through media (which hands voices the outlets as
    plain data); any other kind straight to voices' `story_use_record`.
    """
    from chorus.media.story_uses import pitch_voice_record, placement_voice_record
    from chorus.voices.consent.services import story_use_record

    if placement is not None:
        return placement_voice_record(placement=placement, **fields)
    if pitch is not None:
        return pitch_voice_record(pitch=pitch, **fields)
    return story_use_record(kind=kind, **fields)
