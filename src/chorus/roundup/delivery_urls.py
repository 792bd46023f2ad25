from django.urls import path

from chorus.roundup import delivery_views

app_name = "delivery"
urlpatterns = [
    path("", delivery_views.send_list, name="send_list"),
    path("editions/<int:pk>/schedule/", delivery_views.schedule, name="schedule"),
    path("sends/<int:pk>/", delivery_views.send_detail, name="send_detail"),
    path("sends/<int:pk>/progress/", delivery_views.send_progress, name="send_progress"),
    path("sends/<int:pk>/pause/", delivery_views.send_pause, name="send_pause"),
    path("sends/<int:pk>/resume/", delivery_views.send_resume, name="send_resume"),
]
