"""Every address of the round-up, in one namespace: the editor's draft and editions,
subscribers and delivery under /roundup/, the public pages under /news/ (sent mail
links there, so those addresses never change), and the mail provider's report address
under /anymail/. Mounted at the site's root."""

from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.roundup.delivery import views as delivery_views
from chorus.roundup.delivery import webhooks
from chorus.roundup.editions import public_views
from chorus.roundup.editions import views as edition_views
from chorus.roundup.subscribers import public_views as subscribe_views
from chorus.roundup.subscribers import views as subscriber_views

app_name = "roundup"

editions = [
    path("", edition_views.edition_list, name="edition_list"),
    path("build/", edition_views.edition_build, name="edition_build"),
    path("build-weekly/", edition_views.edition_build_weekly, name="edition_build_weekly"),
    path("editions/<int:pk>/", edition_views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/edit/", edition_views.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/add/", edition_views.edition_add_item, name="edition_add_item"),
    path("editions/<int:pk>/approve/", edition_views.edition_approve, name="edition_approve"),
    path("editions/<int:pk>/preview/", edition_views.edition_preview, name="edition_preview"),
    path(
        "editions/<int:pk>/preview/email.html",
        edition_views.edition_preview_html,
        name="edition_preview_html",
    ),
    path("editions/<int:pk>/send-test/", edition_views.edition_send_test, name="edition_send_test"),
    path("items/<int:pk>/toggle/", edition_views.item_toggle, name="item_toggle"),
    path("items/<int:pk>/move/", edition_views.item_move, name="item_move"),
    path("items/<int:pk>/edit/", edition_views.item_edit, name="item_edit"),
    path(
        "articles/<int:pk>/add-to-draft/",
        edition_views.article_add_to_draft,
        name="article_add_to_draft",
    ),
]

subscribers = [
    path("", subscriber_views.subscriber_list, name="subscriber_list"),
    path("new/", subscriber_views.subscriber_create, name="subscriber_create"),
    path("export.csv", subscriber_views.subscriber_export, name="subscriber_export"),
    path("<int:pk>/", subscriber_views.subscriber_detail, name="subscriber_detail"),
    path(
        "<int:pk>/unsubscribe/",
        subscriber_views.subscriber_unsubscribe,
        name="subscriber_unsubscribe",
    ),
    path("suppressions/", subscriber_views.suppression_list, name="suppression_list"),
    *import_urlpatterns(
        kind="subscribers",
        route="import/",
        name="subscriber_import",
        guard=requires("subscribers", "change"),
    ),
]

delivery = [
    path("", delivery_views.send_list, name="send_list"),
    path("editions/<int:pk>/schedule/", delivery_views.schedule, name="send_schedule"),
    path("sends/<int:pk>/", delivery_views.send_detail, name="send_detail"),
    path("sends/<int:pk>/progress/", delivery_views.send_progress, name="send_progress"),
    path("sends/<int:pk>/pause/", delivery_views.send_pause, name="send_pause"),
    path("sends/<int:pk>/resume/", delivery_views.send_resume, name="send_resume"),
]

# The confirm, preferences and unsubscribe addresses carry the subscriber's secret token;
# `subscribers.selectors.list_headers` builds the unsubscribe one for every message.
public = [
    path("subscribe/", subscribe_views.subscribe, name="subscribe"),
    path("subscribe/check-your-inbox/", subscribe_views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", subscribe_views.confirm, name="subscribe_confirm"),
    path("preferences/<str:token>/", subscribe_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", subscribe_views.unsubscribe, name="unsubscribe"),
    path("go/<str:token>/", public_views.follow, name="click_follow"),
    path("privacy/", public_views.privacy_notice, name="privacy_notice"),
    path("archive/", public_views.index, name="archive_index"),
    path("archive/feed.xml", public_views.feed, name="archive_feed"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        public_views.edition,
        name="archive_edition",
    ),
]

urlpatterns = [
    *(path(f"roundup/{p.pattern}", p.callback, p.default_args, name=p.name) for p in editions),
    *(
        path(f"roundup/subscribers/{p.pattern}", p.callback, p.default_args, name=p.name)
        for p in subscribers
    ),
    *(
        path(f"roundup/delivery/{p.pattern}", p.callback, p.default_args, name=p.name)
        for p in delivery
    ),
    *(path(f"news/{p.pattern}", p.callback, p.default_args, name=p.name) for p in public),
    path(
        "anymail/<slug:provider>/tracking/",
        webhooks.tracking_webhook,
        name="mail_provider_tracking_webhook",
    ),
]
