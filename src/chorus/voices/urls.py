from django.urls import path

from chorus.voices import views

app_name = "voices"
urlpatterns = [
    path("", views.storyteller_list, name="storyteller_list"),
]
