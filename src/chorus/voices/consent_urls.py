from django.urls import path

from chorus.voices import consent_views

app_name = "consent"
urlpatterns = [
    path("withdrawals/", consent_views.withdrawals, name="withdrawals"),
]
