"""Consent and uses of stories, included in voices' urls under /voices/consent/."""

from django.urls import path

from chorus.voices.consent import views as consent_views

urlpatterns = [
    path("withdrawals/", consent_views.withdrawals, name="withdrawals"),
    path(
        "storytellers/<int:pk>/",
        consent_views.storyteller_consents,
        name="storyteller_consents",
    ),
    path("storytellers/<int:pk>/new/", consent_views.consent_create, name="consent_create"),
    path(
        "storytellers/<int:pk>/withdraw/",
        consent_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "storytellers/<int:pk>/withdrawal/",
        consent_views.withdrawal_uses,
        name="withdrawal_uses",
    ),
    path(
        "uses/<int:pk>/follow-up/",
        consent_views.story_use_follow_up,
        name="story_use_follow_up",
    ),
    path("uses/<int:pk>/remove/", consent_views.story_use_remove, name="story_use_remove"),
]
