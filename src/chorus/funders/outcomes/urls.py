from django.urls import path

from chorus.funders.outcomes import views

urlpatterns = [
    path("", views.outcome_list, name="outcome_list"),
    path("strategies/new/", views.strategy_new, name="strategy_new"),
    path(
        "strategies/<int:pk>/outcomes/new/", views.strategy_outcome_new, name="strategy_outcome_new"
    ),
    path("<int:pk>/indicators/new/", views.outcome_measure_new, name="outcome_measure_new"),
    path("indicators/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("indicators/<int:pk>/target/", views.measure_target_set, name="measure_target_set"),
    path("indicators/<int:pk>/value/", views.measure_value_enter, name="measure_value_enter"),
]
