from django.urls import path

from chorus.impact import annual_views, views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/", views.media_dashboard, name="media_dashboard"),
    path("report/", views.report, name="report"),
    path("annual/", annual_views.annual_list, name="annual_list"),
    path("annual/new/", annual_views.annual_create, name="annual_create"),
    path("annual/<int:pk>/", annual_views.annual_detail, name="annual_detail"),
    path("annual/<int:pk>/edit/", annual_views.annual_edit, name="annual_edit"),
    path("annual/<int:pk>/highlights/", annual_views.annual_highlights, name="annual_highlights"),
    path("annual/<int:pk>/publish/", annual_views.annual_publish, name="annual_publish"),
    path(
        "annual/<int:pk>/case-studies/",
        annual_views.annual_case_study_add,
        name="annual_case_study_add",
    ),
    path(
        "case-studies/<int:pk>/remove/",
        annual_views.case_study_remove,
        name="case_study_remove",
    ),
    path("published/<int:pk>/", annual_views.published_detail, name="published_detail"),
]
