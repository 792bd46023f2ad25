from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from chorus.media.views import desk_moved, placement_voices_moved


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
    path("people/", include("chorus.people.urls")),
    path("training/", include("chorus.training.urls")),
    path("roundup/", include("chorus.roundup.urls")),
    path("roundup/subscribers/", include("chorus.roundup.subscriber_urls")),
    path("roundup/delivery/", include("chorus.roundup.delivery_urls")),
    path("news/", include("chorus.roundup.public_urls")),
    path("news/archive/", include("chorus.roundup.archive_urls")),
    path("anymail/", include("chorus.roundup.webhook_urls")),
    path("privacy/", include("chorus.privacy.urls")),
    path("healthz", healthz, name="healthz"),
]
