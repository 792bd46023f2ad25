"""The requests desk and pitches, mounted at /desk/ (namespace `desk`)."""

from django.urls import path

from chorus.media import desk_views

app_name = "desk"
urlpatterns = [
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
