from django.urls import path

from chorus.privacy import views

app_name = "privacy"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("people/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("retention/", views.retention, name="retention"),
    path("retention/decide/", views.retention_decide, name="retention_decide"),
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/new/", views.breach_new, name="breach_new"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/edit/", views.breach_edit, name="breach_edit"),
    path("breaches/<int:pk>/notice/", views.breach_notice, name="breach_notice"),
    path("breaches/<int:pk>/close/", views.breach_close, name="breach_close"),
    path("processing/", views.processing_record, name="processing_record"),
    path("processing.csv", views.processing_record_csv, name="processing_record_csv"),
]
