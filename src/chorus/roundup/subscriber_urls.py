"""Staff pages about round-up subscribers, under /roundup/subscribers/."""

from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.roundup import subscriber_views as views

app_name = "subscribers"
urlpatterns = [
    path("", views.subscriber_list, name="subscriber_list"),
    path("new/", views.subscriber_create, name="subscriber_create"),
    path("export.csv", views.subscriber_export, name="subscriber_export"),
    path("<int:pk>/", views.subscriber_detail, name="subscriber_detail"),
    path("<int:pk>/unsubscribe/", views.subscriber_unsubscribe, name="subscriber_unsubscribe"),
    path("suppressions/", views.suppression_list, name="suppression_list"),
    *import_urlpatterns(
        kind="subscribers",
        route="import/",
        name="subscriber_import",
        guard=requires("subscribers", "change"),
    ),
]
