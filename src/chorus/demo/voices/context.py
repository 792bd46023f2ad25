"""What the demo voices loader hands to the parts that make storytellers and their uses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from chorus.accounts.models import User
from chorus.demo.people.loader import RegionKey
from chorus.media.models import AudienceSegment, Outlet
from chorus.people.models import Region
from chorus.voices.models import IdentityLevel, Interpreter, Programme, StorytellerProfile, Theme

DAY = datetime.timedelta(days=1)

NAME_TO_IDENTITY: dict[str, str] = {
    StorytellerProfile.NameInMedia.REAL_NAME: IdentityLevel.NAMED,
    StorytellerProfile.NameInMedia.FIRST_NAME: IdentityLevel.FIRST_NAME,
    StorytellerProfile.NameInMedia.PSEUDONYM: IdentityLevel.PSEUDONYM,
    StorytellerProfile.NameInMedia.ANONYMOUS: IdentityLevel.ANONYMOUS,
}


@dataclass
class Context:
    """The run's day, staff and fixed records, and how many of each kind it created."""

    today: datetime.date
    staff: dict[str, User]
    themes: list[Theme]
    regions: dict[RegionKey, Region]
    interpreters: list[Interpreter]
    programmes: dict[str, Programme]
    hostile: AudienceSegment | None
    excluded_outlets: list[Outlet]
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n
