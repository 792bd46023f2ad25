from django.urls import include, path

from chorus.voices import views
from chorus.voices.safeguarding import views as concern_views

# Names start with the kind of record their pk is (storyteller_, concern_,
# safeguarding_action_, programme_, membership_, consent_, withdrawal_, story_use_);
# the URL walk relies on it.
app_name = "voices"
urlpatterns = [
    path("", views.storyteller_list, name="storyteller_list"),
    path("new/", views.storyteller_create, name="storyteller_create"),
    path("<int:pk>/", views.storyteller_detail, name="storyteller_detail"),
    path("<int:pk>/edit/", views.storyteller_edit, name="storyteller_edit"),
    path("<int:pk>/mentoring/", views.storyteller_mentoring_add, name="storyteller_mentoring_add"),
    path("<int:pk>/payments/", views.storyteller_payment_add, name="storyteller_payment_add"),
    path("<int:pk>/check-ins/", views.storyteller_check_in_add, name="storyteller_check_in_add"),
    path("<int:pk>/safeguarding/", views.storyteller_concerns, name="storyteller_concerns"),
    path(
        "<int:pk>/safeguarding/new/",
        views.storyteller_concern_raise,
        name="storyteller_concern_raise",
    ),
    path("safeguarding/", views.concern_overview, name="concern_overview"),
    path("concerns/raise/", concern_views.concern_new, name="concern_new"),
    path("concerns/mine/", concern_views.concern_raised_list, name="concern_raised_list"),
    path("safeguarding/<int:pk>/link/", concern_views.concern_link, name="concern_link"),
    path("safeguarding/<int:pk>/review/", concern_views.concern_review, name="concern_review"),
    path("safeguarding/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("safeguarding/<int:pk>/edit/", views.concern_edit, name="concern_edit"),
    path("safeguarding/<int:pk>/actions/", views.concern_action_add, name="concern_action_add"),
    path("safeguarding/<int:pk>/resolve/", views.concern_resolve, name="concern_resolve"),
    path("safeguarding/<int:pk>/clear/", views.concern_clear, name="concern_clear"),
    path(
        "safeguarding/actions/<int:pk>/done/",
        views.safeguarding_action_done,
        name="safeguarding_action_done",
    ),
    path("consent/", include("chorus.voices.consent.urls")),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/members/", views.programme_member_add, name="programme_member_add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
]
