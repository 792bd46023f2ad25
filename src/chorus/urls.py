from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from chorus.accounts.views import search
from chorus.media.views import desk_moved, placement_voices_moved
from chorus.monitoring.views import moved_from_roundup


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without touching the session or the database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("chorus.impact.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("chorus.accounts.urls")),
    path("media/", include("chorus.media.urls")),
    # Requests and pitches moved from /desk/ to /media/; old addresses redirect.
    path("desk/<path:rest>", desk_moved, name="desk_moved"),
    path("voices/", include("chorus.voices.urls")),
    # "Who spoke" moved from voices to media; the old address redirects.
    path(
        "voices/consent/placements/<int:pk>/voices/",
        placement_voices_moved,
        name="placement_voices_moved",
    ),
    # The header's search box: every area the role may view, on one page.
    path("search/", search, name="search"),
    path("people/", include("chorus.people.urls")),
    path("training/", include("chorus.training.urls")),
    path("network/", include("chorus.network.urls")),
    path("research/", include("chorus.research.urls")),
    path("social/", include("chorus.social.urls")),
    path("funders/", include("chorus.funders.urls")),
    path("monitoring/", include("chorus.monitoring.urls")),
    path("", include("chorus.roundup.urls")),
    # Articles, sources and the classifier moved from the round-up to monitoring.
    *(
        route
        for section in ("articles", "sources", "classifier")
        for route in (
            path(f"roundup/{section}/", moved_from_roundup, {"section": section}),
            path(f"roundup/{section}/<path:rest>", moved_from_roundup, {"section": section}),
        )
    ),
    path("privacy/", include("chorus.privacy.urls")),
    path("healthz", healthz, name="healthz"),
]
