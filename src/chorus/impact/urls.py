from django.urls import path

from chorus.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report, name="report"),
]
