from django.urls import include, path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.media import views

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
    path("", include("chorus.media.requests.urls")),
]
