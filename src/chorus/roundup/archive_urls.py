from django.urls import path

from chorus.roundup import archive_views

app_name = "archive"
urlpatterns = [
    path("", archive_views.index, name="index"),
    path("feed.xml", archive_views.feed, name="feed"),
    path("<int:year>/<int:month>/<int:day>/", archive_views.edition, name="edition"),
]
