"""The public archive's pages, kept in the cache (`chorus.lib.fragments`).

They are the same for every reader and change only when an edition is published, which
is when hundreds of readers come at once: every place that publishes an edition calls
`archive_changed`, and the next reader of each page builds it again.
"""

from __future__ import annotations

from chorus.lib import fragments

FRAGMENTS = "roundup-archive"


def archive_changed() -> None:
    """Every cached archive page is built again, once the current transaction commits."""
    fragments.forget(FRAGMENTS)
