from django.urls import include, path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.media import desk_views, views

app_name = "media"
urlpatterns = [
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/export/", views.placement_export, name="placement_export"),
    path("placements/new/", views.placement_create, name="placement_create"),
    path("placements/<int:pk>/edit/", views.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/delete/", views.placement_delete, name="placement_delete"),
    path("placements/<int:pk>/voices/", views.placement_voices_page, name="placement_voices"),
    *import_urlpatterns(
        kind="placements",
        route="placements/import/",
        name="placement_import",
        guard=requires("placements", "change"),
    ),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/new/", views.outlet_create, name="outlet_create"),
    path("outlets/lookup/", views.outlet_lookup, name="outlet_lookup"),
    path("outlets/suggest/", views.outlet_suggest, name="outlet_suggest"),
    path("outlets/<int:pk>/edit/", views.outlet_edit, name="outlet_edit"),
    path("outlets/<int:pk>/segment/", views.outlet_set_segment, name="outlet_set_segment"),
    path("journalists/", include("chorus.media.journalists.urls")),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    # Journalists' requests and pitches (they were under /desk/, which redirects here).
    path("requests/", desk_views.request_list, name="request_list"),
    path("requests/new/", desk_views.request_create, name="request_create"),
    path("requests/<int:pk>/", desk_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", desk_views.request_edit, name="request_edit"),
    path("requests/<int:pk>/match/", desk_views.request_match, name="request_match"),
    path("requests/<int:pk>/shortlist/", desk_views.request_shortlist, name="request_shortlist"),
    path(
        "requests/<int:pk>/candidates/step/",
        desk_views.request_candidate_step,
        name="request_candidate_step",
    ),
    path(
        "requests/<int:pk>/candidates/clear/",
        desk_views.request_candidate_clear,
        name="request_candidate_clear",
    ),
    path("requests/<int:pk>/outcome/", desk_views.request_outcome, name="request_outcome"),
    path("pitches/", desk_views.pitch_list, name="pitch_list"),
    path("pitches/new/", desk_views.pitch_create, name="pitch_create"),
    path("pitches/<int:pk>/", desk_views.pitch_detail, name="pitch_detail"),
    path("pitches/<int:pk>/edit/", desk_views.pitch_edit, name="pitch_edit"),
]
