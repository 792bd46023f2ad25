from typing import Any

from django.core.checks import Error, Tags, register

from chorus.monitoring.pipeline.feeds import expat_problem


@register(Tags.security)
def expat_is_safe(app_configs: Any, **kwargs: Any) -> list[Error]:
    """At start-up: the XML parser linked into Python must resist entity expansion."""
    problem = expat_problem()
    if problem:
        return [Error(problem, id="chorus.E101")]
    return []
