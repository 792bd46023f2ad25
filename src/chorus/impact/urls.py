from django.urls import path

from chorus.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/", views.media_dashboard, name="media_dashboard"),
    path("report/", views.report, name="report"),
]
