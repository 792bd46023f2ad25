"""The podcast's addresses, included in social's urls under /social/podcast/.

Names start with the kind of record their pk is (series_, episode_, listen_import_);
the URL walk relies on it.
"""

from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.social.podcast import views
from chorus.social.podcast.models import Source

urlpatterns = [
    path("", views.series_list, name="series_list"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path(
        "series/<int:pk>/episodes/new/", views.series_episode_create, name="series_episode_create"
    ),
    path("series/<int:pk>/awards/new/", views.series_award_create, name="series_award_create"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode_detail"),
    path("episodes/<int:pk>/edit/", views.episode_edit, name="episode_edit"),
    path("episodes/<int:pk>/hosts/new/", views.episode_host_add, name="episode_host_add"),
    path("episodes/<int:pk>/guests/new/", views.episode_guest_add, name="episode_guest_add"),
    path("listens/", views.listen_list, name="listen_list"),
]
for _source in Source:
    urlpatterns += import_urlpatterns(
        kind=f"podcast-{_source.value}",
        route=f"listens/import/{_source.value}/",
        name=f"listen_import_{_source.value}",
        guard=requires("social", "change"),
    )
