import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
application = get_wsgi_application()

# Everything imported so far lives as long as the process. Moving it out of the
# collector's sight keeps full collections, which otherwise walk every module, class
# and URL pattern, from adding tens of milliseconds to whichever request meets them.
gc.collect()
gc.freeze()
