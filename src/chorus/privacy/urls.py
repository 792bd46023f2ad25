from django.urls import path

from chorus.privacy import views

app_name = "privacy"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("people/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("retention/", views.retention, name="retention"),
    path("retention/decide/", views.retention_decide, name="retention_decide"),
]
