from django.urls import include, path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.social import views

# Names start with the kind of record their pk is (account_, post_, post_import_); the
# URL walk relies on it.
app_name = "social"
urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("accounts/", views.account_list, name="account_list"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/export/", views.post_export, name="post_export"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/feature/", views.post_feature, name="post_feature"),
    path("posts/<int:pk>/take-down/", views.post_take_down, name="post_take_down"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("performance/", views.performance, name="performance"),
    path("podcast/", include("chorus.social.podcast.urls")),
    path("creative/", include("chorus.social.creative.urls")),
    *import_urlpatterns(
        kind="meta-posts",
        route="posts/import/",
        name="post_import",
        guard=requires("social", "change"),
    ),
]
