from django import template
from django.utils.safestring import SafeString, mark_safe

from chorus.monitoring.pipeline.normalise import sanitise_html

register = template.Library()


@register.filter
def sanitised(html: str) -> SafeString:
    """Feed HTML, cleaned again as it is shown: what is stored is never trusted as markup."""
    return mark_safe(sanitise_html(html or ""))  # noqa: S308 - nh3 has just cleaned it
