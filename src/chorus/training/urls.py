"""Training and events under /training/: staff pages, attendance imports and public pages."""

from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.training import attendance_views, public_views, views

app_name = "training"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/register/", views.session_register, name="session_register"),
    path("sessions/<int:pk>/head-count/", views.session_head_count, name="session_head_count"),
    path("sessions/<int:pk>/led-to/", views.session_outcome, name="session_outcome"),
    path("sessions/<int:pk>/check-in/", attendance_views.session_checkin, name="session_checkin"),
    path("sessions/<int:pk>/attendees.csv", attendance_views.session_export, name="session_export"),
    path(
        "sessions/<int:pk>/certificates.pdf",
        attendance_views.session_certificates,
        name="session_certificates",
    ),
    path(
        "registrations/<int:pk>/attendance/",
        attendance_views.registration_attendance,
        name="registration_attendance",
    ),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registrations/<int:pk>/certificate.pdf",
        attendance_views.registration_certificate,
        name="registration_certificate",
    ),
    path(
        "registrations/<int:pk>/storyteller/",
        attendance_views.registration_storyteller,
        name="registration_storyteller",
    ),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    *import_urlpatterns(
        kind="zoom-attendance",
        route="import/zoom/",
        name="zoom_import",
        guard=requires("training_export", "change"),
    ),
    *import_urlpatterns(
        kind="eventbrite-attendance",
        route="import/eventbrite/",
        name="eventbrite_import",
        guard=requires("training_export", "change"),
    ),
    # Public: no sign-in.
    path("calendar.ics", public_views.calendar_ics, name="calendar"),
    path("book/<int:pk>/", public_views.book, name="book"),
    path("book/<int:pk>/sent/", public_views.book_sent, name="book_sent"),
    path("place/<str:token>/", public_views.place, name="place"),
    path("place/<str:token>/cancel/", public_views.place_cancel, name="place_cancel"),
    path(
        "place/<str:token>/certificate.pdf",
        public_views.place_certificate,
        name="place_certificate",
    ),
    path("feedback/thanks/", public_views.feedback_thanks, name="feedback_thanks"),
    path("feedback/<str:token>/", public_views.feedback, name="feedback"),
]
