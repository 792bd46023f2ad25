from django.urls import include, path

from chorus.funders import views

app_name = "funders"
urlpatterns = [
    path("", views.grant_list, name="grant_list"),
    path("grants/new/", views.grant_new, name="grant_new"),
    path("grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/edit/", views.grant_edit, name="grant_edit"),
    path("grants/<int:pk>/purposes/", views.grant_purpose_add, name="grant_purpose_add"),
    path("grants/<int:pk>/duties/new/", views.grant_duty_new, name="grant_duty_new"),
    path("grants/<int:pk>/report/", views.grant_report, name="grant_report"),
    path("duties/<int:pk>/", views.duty_edit, name="duty_edit"),
    path("income/", views.income_summary, name="income_summary"),
    path("income/new/", views.income_new, name="income_new"),
    path("outcomes/", include("chorus.funders.outcomes.urls")),
]
