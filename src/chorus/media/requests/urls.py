"""The addresses of requests and pitches, included in media's urls under /media/."""

from django.urls import path

from chorus.media.requests import views

# Journalists' requests and pitches (they were under /desk/, which redirects here).
urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/match/", views.request_match, name="request_match"),
    path("requests/<int:pk>/shortlist/", views.request_shortlist, name="request_shortlist"),
    path(
        "requests/<int:pk>/candidates/step/",
        views.request_candidate_step,
        name="request_candidate_step",
    ),
    path(
        "requests/<int:pk>/candidates/clear/",
        views.request_candidate_clear,
        name="request_candidate_clear",
    ),
    path("requests/<int:pk>/outcome/", views.request_outcome, name="request_outcome"),
    path("pitches/", views.pitch_list, name="pitch_list"),
    path("pitches/new/", views.pitch_create, name="pitch_create"),
    path("pitches/<int:pk>/", views.pitch_detail, name="pitch_detail"),
    path("pitches/<int:pk>/edit/", views.pitch_edit, name="pitch_edit"),
]
