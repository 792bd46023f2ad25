from django.urls import path

from chorus.accounts.access import requires
from chorus.lib.imports.views import import_urlpatterns
from chorus.network import views

# Names start with the kind of record their pk is (snapshot_, partner_, outreach_,
# region_, group_import_); the URL walk relies on it.
app_name = "network"
urlpatterns = [
    path("group/", views.group, name="group"),
    path("group/new/", views.snapshot_create, name="snapshot_create"),
    path("group/<int:pk>/delete/", views.snapshot_delete, name="snapshot_delete"),
    # The member export is not kept, so it has no page to download it from.
    *(
        pattern
        for pattern in import_urlpatterns(
            kind="group_members",
            route="group/import/",
            name="group_import",
            guard=requires("network_group", "change"),
        )
        if pattern.name != "group_import_file"
    ),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("outreach/", views.outreach_list, name="outreach_list"),
    path("outreach/new/", views.outreach_create, name="outreach_create"),
    path("outreach/<int:pk>/", views.outreach_detail, name="outreach_detail"),
    path("outreach/<int:pk>/edit/", views.outreach_edit, name="outreach_edit"),
    path("outreach/<int:pk>/delete/", views.outreach_delete, name="outreach_delete"),
    path("outreach/<int:pk>/led-to/", views.outreach_lead_add, name="outreach_lead_add"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
]
