from django.urls import path

from chorus.media import views

app_name = "media"
urlpatterns = [
    path("placements/", views.placement_list, name="placement_list"),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
]
