from django.urls import path

from chorus.research import toolkit_views, views

# Names start with the kind of record their pk is (study_, variant_, result_, quote_,
# finding_, toolkit_, version_, line_); the URL walk relies on it.
app_name = "research"
urlpatterns = [
    path("", views.study_list, name="study_list"),
    path("new/", views.study_create, name="study_create"),
    path("<int:pk>/", views.study_detail, name="study_detail"),
    path("<int:pk>/edit/", views.study_edit, name="study_edit"),
    path("<int:pk>/delete/", views.study_delete, name="study_delete"),
    path("<int:pk>/variants/new/", views.study_variant_add, name="study_variant_add"),
    path("<int:pk>/results/new/", views.study_result_add, name="study_result_add"),
    path("<int:pk>/quotes/", views.study_quotes, name="study_quotes"),
    path("<int:pk>/quotes/new/", views.study_quote_add, name="study_quote_add"),
    path("variants/<int:pk>/delete/", views.variant_delete, name="variant_delete"),
    path("results/<int:pk>/delete/", views.result_delete, name="result_delete"),
    path("quotes/<int:pk>/delete/", views.quote_delete, name="quote_delete"),
    path("quotes/<int:pk>/withdraw/", views.quote_withdraw, name="quote_withdraw"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("toolkits/", toolkit_views.toolkit_list, name="toolkit_list"),
    path("toolkits/new/", toolkit_views.toolkit_create, name="toolkit_create"),
    path("toolkits/<int:pk>/", toolkit_views.toolkit_detail, name="toolkit_detail"),
    path("toolkits/<int:pk>/edit/", toolkit_views.toolkit_edit, name="toolkit_edit"),
    path(
        "toolkits/<int:pk>/versions/new/",
        toolkit_views.toolkit_version_upload,
        name="toolkit_version_upload",
    ),
    path(
        "toolkits/<int:pk>/messages/new/", toolkit_views.toolkit_line_add, name="toolkit_line_add"
    ),
    path("versions/<int:pk>/document/", toolkit_views.version_download, name="version_download"),
    path("versions/<int:pk>/publish/", toolkit_views.version_publish, name="version_publish"),
    path("versions/<int:pk>/delete/", toolkit_views.version_delete, name="version_delete"),
    path("messages/<int:pk>/edit/", toolkit_views.line_edit, name="line_edit"),
    path("messages/<int:pk>/delete/", toolkit_views.line_delete, name="line_delete"),
    path("messages/<int:pk>/link/", toolkit_views.line_link, name="line_link"),
    path("messages/<int:pk>/unlink/", toolkit_views.line_unlink, name="line_unlink"),
    # Published toolkits: public, under the app's one namespace.
    path("published/<slug:slug>/", toolkit_views.public_toolkit, name="public_toolkit"),
    path("published/<slug:slug>/download/", toolkit_views.public_download, name="public_download"),
]
