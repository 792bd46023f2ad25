from django.urls import path

from chorus.media import desk_views

app_name = "desk"
urlpatterns = [
    path("requests/", desk_views.request_list, name="request_list"),
    path("pitches/", desk_views.pitch_list, name="pitch_list"),
]
