import gc
import os

from django.core.wsgi import get_wsgi_application

from chorus.lib.files import use_private_umask

# Before anything is written: the database, uploads, cache and keys are private.
use_private_umask()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
application = get_wsgi_application()

# Everything imported so far lives as long as the process. Moving it out of the
# collector's sight keeps full collections, which otherwise walk every module, class
# and URL pattern, from adding tens of milliseconds to whichever request meets them.
gc.collect()
gc.freeze()
