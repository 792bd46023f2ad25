"""One import framework for every kind of spreadsheet Chorus takes in.

upload → match columns → preview with row errors in plain words → atomic confirm →
original file kept and downloadable (for kinds that keep it) → or cancel. Apps
register their kinds (`registry.register`) in their AppConfig.ready(); lib imports
no app. The pages are in `views` (one set of templates, under lib/imports/), the
writes in `services`, the command line is `chorus import`.
"""
