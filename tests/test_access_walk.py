"""Walk every URL of Chorus with every role, and anonymously.

Each view declares the (area, action) it needs with @requires; this test checks
that (1) no view of ours forgets to, and (2) each role gets exactly what the access
matrix says: 200 when allowed, 403 when not, and the sign-in page when anonymous.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from chorus.accounts.access import MATRIX, can
from chorus.accounts.roles import Role
from chorus.funders.models import Duty, Grant, Measure, Outcome, Strategy
from chorus.impact import annual
from chorus.impact.models import AnnualReport, CaseStudy, PublishedReport
from chorus.lib.imports.models import ImportUpload
from chorus.media.models import Journalist, JournalistRequest, Pitch, Placement
from chorus.monitoring.models import Article, Source
from chorus.network.models import MemberSnapshot, OutreachEntry, Partner
from chorus.people.models import Region
from chorus.privacy.models import Breach
from chorus.research.models import (
    Finding,
    MessageLine,
    Quote,
    Result,
    Study,
    Toolkit,
    ToolkitVersion,
    Variant,
)
from chorus.roundup.models import Edition, EditionItem, Send
from chorus.roundup.subscribers.models import Subscriber
from chorus.social.models import Account, Episode, Post, Project, Series
from chorus.training.models import Course, CourseKind, Registration, Session
from chorus.voices.models import (
    Membership,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StoryUse,
)
from tests.factories import (
    CampaignFactory,
    ConsentFactory,
    OrganisationFactory,
    OutletFactory,
    PersonFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

# Third-party URL trees with their own rules (sign-in, MFA set-up): not ours to walk.
EXTERNAL_PREFIXES = ("accounts/", "anymail/")
PUBLIC_NAMES = {"healthz"}

# Views that only take POST: an allowed role gets 405 for a GET, a refused one 403.
QUERY_STRINGS = {
    "media:outlet_lookup": "?url=https://www.example-gazette.test/news/1",
    "media:outlet_suggest": "?q=Example",
}


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        else:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def our_patterns() -> list[tuple[str, str, URLPattern]]:
    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver())
        if not route.startswith(EXTERNAL_PREFIXES)
        and name not in PUBLIC_NAMES
        and not hasattr(pattern.callback, "chorus_public")
    ]


def public_patterns() -> list[tuple[str, str, URLPattern]]:
    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver())
        if hasattr(pattern.callback, "chorus_public")
    ]


@pytest.fixture
def records(users) -> dict[str, int]:
    outlet = OutletFactory(domains=["example-gazette.test"])
    placement = PlacementFactory(outlet=outlet)
    upload = ImportUpload(
        kind="placements", original_name="placements.csv", status=ImportUpload.Status.INVALID
    )
    upload.file.save("placements.csv", ContentFile(b"date,outlet\n"), save=False)
    upload.save()
    consent = ConsentFactory()
    storyteller = consent.storyteller
    lead = users[Role.SAFEGUARDING_LEAD]
    concern = SafeguardingConcern.objects.create(
        storyteller=storyteller, raised_on=datetime.date(2023, 1, 5), level="low", summary="x"
    )
    action = SafeguardingAction.objects.create(concern=concern, description="y", owner=lead)
    programme = Programme.objects.create(name="Refugee Week 2023", kind=Programme.Kind.AMBASSADORS)
    membership = Membership.objects.create(
        programme=programme, storyteller=storyteller, joined_on=datetime.date(2023, 5, 1)
    )
    use = StoryUse.objects.create(
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        object_id=placement.pk,
        media_type="online",
        identity_level="first_name",
        consent=consent,
    )
    request = JournalistRequest.objects.create(
        outlet=outlet,
        received_on=datetime.date(2023, 2, 1),
        brief="Looking for someone who arrived by small boat",
        format="interview",
        media_type="broadcast",
        identity_level_acceptable="anonymous",
    )
    pitch = Pitch.objects.create(title="A year in an asylum hotel")
    journalist = Journalist.objects.create(person=PersonFactory(), outlet=outlet)
    journalist_upload = ImportUpload(
        kind="journalists", original_name="journalists.csv", status=ImportUpload.Status.INVALID
    )
    journalist_upload.file.save("journalists.csv", ContentFile(b"name\n"), save=False)
    journalist_upload.save()
    edition = Edition.objects.create(issue_date=datetime.date(2023, 3, 1), title="Round-up")
    news_source = Source.objects.create(name="Example feed", url="https://example.org/feed.xml")
    article = Article.objects.create(
        url="https://example.org/news/1",
        url_key="walk-1",
        title="Home Office announces new asylum hotel plan",
        published_at=timezone.now(),
    )
    item = EditionItem.objects.create(
        edition=edition, article=article, headline=article.title, url=article.url
    )
    subscriber = Subscriber.objects.create(email="reader@example.org")
    subscriber_upload = ImportUpload(
        kind="subscribers", original_name="subscribers.csv", status=ImportUpload.Status.INVALID
    )
    subscriber_upload.file.save("subscribers.csv", ContentFile(b"email\n"), save=False)
    subscriber_upload.save()
    send = Send.objects.create(
        edition=Edition.objects.create(
            issue_date=datetime.date(2023, 3, 2), title="Sent round-up", status="sending"
        )
    )
    training = _training_records()
    social = _social_records()
    research = _research_records(placement, Post.objects.get(pk=social["post"]))
    funders = _funders_records()
    region = Region.objects.create(name="Carlisle")
    outreach = OutreachEntry.objects.create(
        kind="meeting",
        happened_on=datetime.date(2023, 5, 2),
        title="Local charities",
        region=region,
    )
    partner = Partner.objects.create(
        organisation=OrganisationFactory(), region=region, kind="asylum_matters"
    )
    group_upload = ImportUpload(
        kind="group_members", original_name="members.csv", status=ImportUpload.Status.INVALID
    )
    group_upload.file.save("members.csv", ContentFile(b"Email address\n"), save=False)
    group_upload.save()
    annual_report = AnnualReport.objects.create(
        starts_on=datetime.date(2022, 7, 1), ends_on=datetime.date(2023, 6, 30), title="Walk report"
    )
    published = PublishedReport.objects.create(
        report=annual_report,
        version=1,
        published_at=timezone.now(),
        snapshot=annual.build_document(
            annual.Period(annual_report.starts_on, annual_report.ends_on)
        ),
        pdf=b"%PDF-1.4\n",
    )
    return {
        **training,
        **research,
        **social,
        **funders,
        "annual": annual_report.pk,
        "case_study": CaseStudy.objects.create(
            report=annual_report,
            section="media",
            storyteller=storyteller,
            title="Walk case",
            text="x",
            identity_level="first_name",
        ).pk,
        "published": published.pk,
        "region": region.pk,
        "outreach": outreach.pk,
        "partner": partner.pk,
        "snapshot": MemberSnapshot.objects.create(
            taken_on=datetime.date(2023, 6, 1), members=1100
        ).pk,
        "group_import": group_upload.pk,
        "storyteller": storyteller.pk,
        "consent": storyteller.pk,
        "withdrawal": storyteller.pk,
        "story_use": use.pk,
        "concern": concern.pk,
        "safeguarding_action": action.pk,
        "programme": programme.pk,
        "membership": membership.pk,
        "request": request.pk,
        "pitch": pitch.pk,
        "journalist": journalist.person_id,
        "journalist_import": journalist_upload.pk,
        "subject_access": storyteller.person.pk,
        "erase": storyteller.person.pk,
        "placement": placement.pk,
        "outlet": outlet.pk,
        "campaign": CampaignFactory().pk,
        "person": PersonFactory().pk,
        "organisation": OrganisationFactory().pk,
        "staff": users[Role.VOLUNTEER].pk,
        "placement_import": upload.pk,
        "edition": edition.pk,
        "item": item.pk,
        "source": news_source.pk,
        "article": article.pk,
        "subscriber": subscriber.pk,
        "subscriber_import": subscriber_upload.pk,
        "send": send.pk,
        "send_schedule": edition.pk,
        "breach": Breach.objects.create(
            title="Walk breach", what_happened="x", data_affected="y", found_at=timezone.now()
        ).pk,
    }


def _training_records() -> dict[str, int]:
    course = Course.objects.create(title="Media masterclass", kind=CourseKind.MASTERCLASS)
    start = timezone.now() - datetime.timedelta(days=2)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    registration = Registration.objects.create(
        session=session,
        status=Registration.Status.ATTENDED,
        source=Registration.Source.STAFF,
        name="Walk Attendee",
        identity_key="walk",
    )
    uploads = {}
    for kind, key in (
        ("zoom-attendance", "zoom_import"),
        ("eventbrite-attendance", "eventbrite_import"),
    ):
        upload = ImportUpload(
            kind=kind, original_name=f"{kind}.csv", status=ImportUpload.Status.INVALID
        )
        upload.file.save(f"{kind}.csv", ContentFile(b"Name\n"), save=False)
        upload.save()
        uploads[key] = upload.pk
    return {
        "session": session.pk,
        "registration": registration.pk,
        "course": course.pk,
        **uploads,
    }


def _research_records(placement: Placement, post: Post) -> dict[str, int]:
    study = Study.objects.create(
        title="Safe routes", method="focus_group", started_on=datetime.date(2022, 10, 1)
    )
    variant = Variant.objects.create(study=study, label="A", text="Fair and orderly")
    result = Result.objects.create(
        study=study, outcome="Support", effect=1, interval_low=0, interval_high=2, n=10
    )
    finding = Finding.objects.create(
        title="Order", statement="x", review_by=datetime.date(2030, 1, 1)
    )
    quote = Quote.objects.create(
        study=study,
        text="words",
        context="a participant",
        consent_recorded_on=study.started_on,
        participant=PersonFactory(),
    )
    toolkit = Toolkit.objects.create(title="Safe routes", slug="safe-routes")
    version = ToolkitVersion(toolkit=toolkit, number=1, document_type="pdf", original_name="k.pdf")
    version.document.save("k.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    version.save()
    line = MessageLine.objects.create(toolkit=toolkit, text="Fair", finding=finding)
    line.placements.add(placement)
    line.posts.add(post)
    version_published = ToolkitVersion(
        toolkit=toolkit,
        number=2,
        document_type="pdf",
        original_name="k2.pdf",
        status=ToolkitVersion.Status.PUBLISHED,
        published_on=datetime.date(2023, 3, 1),
    )
    version_published.document.save("k2.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    version_published.save()
    return {
        "study": study.pk,
        "variant": variant.pk,
        "result": result.pk,
        "finding": finding.pk,
        "quote": quote.pk,
        "toolkit": toolkit.pk,
        "version": version.pk,
        "line": line.pk,
    }


def _social_records() -> dict[str, int]:
    account = Account.objects.create(platform="instagram", handle="walk_journeys")
    post = Post.objects.create(
        account=account, published_at=timezone.now(), kind="reel", caption="Walk"
    )
    upload = ImportUpload(
        kind="meta-posts", original_name="posts.csv", status=ImportUpload.Status.INVALID
    )
    upload.file.save("posts.csv", ContentFile(b"Post ID\n"), save=False)
    upload.save()
    series = Series.objects.create(title="Walk podcast")
    episode = Episode.objects.create(series=series, number=1, title="Walk")
    project = Project.objects.create(name="Walk project")
    listen_imports = {}
    for source in ("host", "apple", "spotify", "op3"):
        listens = ImportUpload(
            kind=f"podcast-{source}", original_name="l.csv", status=ImportUpload.Status.INVALID
        )
        listens.file.save("l.csv", ContentFile(b"Episode\n"), save=False)
        listens.save()
        listen_imports[f"listen_import_{source}"] = listens.pk
    return {
        "post": post.pk,
        "post_import": upload.pk,
        "series": series.pk,
        "episode": episode.pk,
        "project": project.pk,
        **listen_imports,
    }


def _funders_records() -> dict[str, int]:
    grant = Grant.objects.create(
        identifier="360G-walk-1",
        title="Walk grant",
        funder=OrganisationFactory(),
        amount=1000,
        award_date=datetime.date(2022, 6, 1),
        planned_start=datetime.date(2022, 7, 1),
        planned_end=datetime.date(2023, 6, 30),
        fund="restricted",
    )
    duty = Duty.objects.create(grant=grant, title="Final report", due_on=datetime.date(2023, 7, 31))
    strategy = Strategy.objects.create(
        title="Walk strategy",
        starts_on=datetime.date(2022, 7, 1),
        ends_on=datetime.date(2025, 6, 30),
    )
    outcome = Outcome.objects.create(strategy=strategy, title="More voices heard")
    measure = Measure.objects.create(
        outcome=outcome, indicator_code="media.placements", baseline=100
    )
    return {
        "grant": grant.pk,
        "duty": duty.pk,
        "strategy": strategy.pk,
        "outcome": outcome.pk,
        "measure": measure.pk,
    }


def _concrete(route: str, name: str, records: dict[str, int]) -> str:
    url = "/" + route
    if "<int:pk>" in url:
        url_name = name.split(":")[-1]
        # The longest record kind that prefixes the URL name owns the pk.
        kinds = sorted((k for k in records if url_name.startswith(k)), key=len, reverse=True)
        assert kinds, f"No test record for the pk of {name}: add one to the records fixture."
        url = url.replace("<int:pk>", str(records[kinds[0]]))
    # Catch-all redirects of old prefixes (/desk/<path:rest>): any rest will do.
    url = url.replace("<path:rest>", "requests/")
    assert "<" not in url, f"Unhandled URL parameter in {route}"
    return url + QUERY_STRINGS.get(name, "")


def test_it_finds_the_urls_to_walk():
    names = {name for _, name, _ in our_patterns()}
    assert {
        "impact:dashboard",
        "media:placement_list",
        "privacy:audit_log",
        "accounts:staff_list",
        "voices:concern_new",
        "voices:concern_raised_list",
        "voices:concern_link",
        "voices:withdrawals",
        "impact:annual_list",
        "impact:annual_detail",
        "impact:annual_publish",
        "impact:published_detail",
        "media:request_list",
        "media:pitch_list",
        "desk_moved",
        "network:region_detail",
        "network:outreach_list",
        "network:group_import",
        "social:post_list",
        "social:post_detail",
        "social:post_feature",
        "social:post_import",
        "funders:grant_list",
        "funders:grant_report",
        "funders:income_summary",
        "funders:measure_detail",
        "social:series_list",
        "social:episode_detail",
        "social:episode_guest_add",
        "social:listen_import_spotify",
        "social:project_detail",
        "social:project_participant_add",
    } <= names


def test_everyone_who_works_with_storytellers_may_raise_a_concern_but_not_read_them(users):
    raisers = {role for role in Role if can(users[role], "safeguarding_raise", "change")}
    assert raisers == set(Role) - {Role.READ_ONLY}
    readers = {role for role in Role if can(users[role], "safeguarding", "view")}
    assert readers == {Role.ADMIN, Role.SAFEGUARDING_LEAD}


def test_it_declares_an_access_rule_on_every_view():
    undeclared = [
        name
        for _, name, pattern in our_patterns()
        if not hasattr(pattern.callback, "chorus_access")
    ]
    assert undeclared == [], f"Views without @requires: {undeclared}"


def test_it_sends_anonymous_visitors_to_sign_in_everywhere(client, records):
    for route, name, _ in our_patterns():
        response = client.get(_concrete(route, name, records))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name


@pytest.mark.parametrize("role", list(Role))
def test_it_gives_each_role_what_the_matrix_says(role, users, records):
    client = Client()
    client.force_login(users[role])
    for route, name, pattern in our_patterns():
        area, action = pattern.callback.chorus_access
        hidden_area = getattr(pattern.callback, "chorus_not_found_unless", None)
        url = _concrete(route, name, records)
        response = client.get(url)
        if hidden_area and not can(users[role], hidden_area, "view"):
            # Pages about one storyteller say nothing to those who may not know of them.
            assert response.status_code == 404, f"{role} GET {url} ({name}): {response.status_code}"
        elif not can(users[role], area, action):
            assert response.status_code == 403, f"{role} GET {url} ({name}): {response.status_code}"
        elif getattr(pattern.callback, "chorus_redirects", False):
            # An old address kept for bookmarks: it only points to the new one.
            assert response.status_code == 301, f"{role} GET {url} ({name})"
        else:
            assert response.status_code in (200, 405), (
                f"{role} GET {url} ({name}): {response.status_code}"
            )
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            assert response["Cache-Control"] == "no-store", name


def test_it_knows_every_area_a_view_names():
    for _, name, pattern in our_patterns():
        area, action = pattern.callback.chorus_access
        assert area in MATRIX and action in ("view", "change", "publish"), name


def test_it_never_asks_anyone_to_sign_in_on_a_public_page(client, records):
    """Public pages (round-up sign-up, archive, unsubscribe) answer without a session.

    Their parameters get values that match no record: the page must still answer
    itself (a 404 or a form), never send the visitor to the staff sign-in.
    """
    for route, name, pattern in public_patterns():
        url = "/" + re.sub(r"<(\w+):(\w+)>", lambda m: _placeholder(m.group(1)), route)
        response = client.get(url)
        assert response.status_code in (200, 404, 405), f"{name}: {response.status_code}"
        assert not response.get("Location", "").startswith("/accounts/login/"), name
        assert pattern.callback.chorus_public.strip(), name


@pytest.mark.parametrize("role", [None, *Role])
def test_a_published_toolkit_answers_everyone_the_same(role, users, records):
    """The public research pages, opened with a real slug: the same answer for all."""
    client = Client()
    if role is not None:
        client.force_login(users[role])
    public = [name for _, name, _ in public_patterns() if name.startswith("research:")]
    assert sorted(public) == ["research:public_download", "research:public_toolkit"]
    page = client.get("/research/published/safe-routes/")
    assert page.status_code == 200 and "Download the toolkit" in page.content.decode()
    download = client.get("/research/published/safe-routes/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def _placeholder(converter: str) -> str:
    return {"int": "999999", "slug": "no-such-thing", "path": "none"}.get(
        converter, "no-such-token"
    )


def test_it_lets_anyone_reach_sign_in_and_health():
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
