"""lib's models live with the code that uses them; Django finds them through here."""

from chorus.lib.imports.models import ImportMapping, ImportUpload

__all__ = ["ImportMapping", "ImportUpload"]
