from django.urls import path

from chorus.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_create, name="staff_create"),
    path("<int:pk>/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/leaver/", views.staff_leaver, name="staff_leaver"),
    path("<int:pk>/remove-role/", views.staff_remove_role, name="staff_remove_role"),
    path("<int:pk>/mfa-reset/", views.staff_mfa_reset, name="staff_mfa_reset"),
    path("access-review/", views.access_review, name="access_review"),
    path("access-review.csv", views.access_review_csv, name="access_review_csv"),
    path("checks/", views.staff_checks_list, name="staff_checks"),
    path("checks/<int:pk>/", views.staff_checks_edit, name="staff_checks_edit"),
]
