from django.urls import path

from chorus.roundup import views

app_name = "roundup"
urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    path("build/", views.edition_build, name="edition_build"),
    path("build-weekly/", views.edition_build_weekly, name="edition_build_weekly"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", views.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/add/", views.edition_add_item, name="edition_add_item"),
    path("editions/<int:pk>/approve/", views.edition_approve, name="edition_approve"),
    path("editions/<int:pk>/preview/", views.edition_preview, name="edition_preview"),
    path(
        "editions/<int:pk>/preview/email.html",
        views.edition_preview_html,
        name="edition_preview_html",
    ),
    path("editions/<int:pk>/send-test/", views.edition_send_test, name="edition_send_test"),
    path("items/<int:pk>/toggle/", views.item_toggle, name="item_toggle"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(
        "articles/<int:pk>/add-to-draft/",
        views.article_add_to_draft,
        name="article_add_to_draft",
    ),
]
