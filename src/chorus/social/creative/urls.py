"""Creative projects' addresses, included in social's urls under /social/creative/.

Names start with the kind of record their pk is (project_); the URL walk relies on it.
"""

from django.urls import path

from chorus.social.creative import views

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path(
        "<int:pk>/participants/new/",
        views.project_participant_add,
        name="project_participant_add",
    ),
]
