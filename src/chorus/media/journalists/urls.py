"""The directory's addresses, included in media's urls under /media/journalists/."""

from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.media.journalists import views

urlpatterns = [
    path("", views.journalist_list, name="journalist_list"),
    path("new/", views.journalist_create, name="journalist_create"),
    path("export/", views.journalist_export, name="journalist_export"),
    path("<int:pk>/", views.journalist_detail, name="journalist_detail"),
    path("<int:pk>/edit/", views.journalist_edit, name="journalist_edit"),
    *import_urlpatterns(
        kind="journalists",
        route="import/",
        name="journalist_import",
        guard=requires("journalists", "change"),
    ),
]
