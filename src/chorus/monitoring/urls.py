from django.urls import path

from chorus.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/check/", views.source_check, name="source_check"),
    path("classifier/", views.classifier_settings, name="classifier_settings"),
]
