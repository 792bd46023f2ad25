"""Public pages of the round-up under /news/: sign up, confirm, preferences, unsubscribe.

The confirm, preferences and unsubscribe addresses carry the subscriber's secret token;
`subscribers.list_headers` builds the unsubscribe one for every round-up message.
"""

from django.urls import path

from chorus.roundup import click_views
from chorus.roundup import subscriber_views as views

app_name = "news"
urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/check-your-inbox/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("go/<str:token>/", click_views.follow, name="follow"),
    path("privacy/", click_views.privacy_notice, name="privacy"),
]
