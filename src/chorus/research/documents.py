"""What an uploaded toolkit document really is, read from its bytes, not its name.

A PDF starts with "%PDF-". A DOCX is a ZIP holding `[Content_Types].xml` and
`word/document.xml`. A file named .pdf that holds something else is refused, and so
is a DOCX that is a ZIP of something else.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO

from django.core.exceptions import ValidationError

from chorus.research.models import DocumentType

MAX_BYTES = 25 * 1024 * 1024
_EXTENSIONS = {".pdf": DocumentType.PDF, ".docx": DocumentType.DOCX}


def document_type(*, name: str, content: IO[bytes]) -> DocumentType:
    """The type of an uploaded document, checked against its extension; ValidationError if not."""
    lowered = name.lower()
    claimed = next((kind for ext, kind in _EXTENSIONS.items() if lowered.endswith(ext)), None)
    if claimed is None:
        raise ValidationError("Upload a PDF (.pdf) or Word document (.docx).")
    content.seek(0)
    data = content.read(MAX_BYTES + 1)
    content.seek(0)
    if len(data) > MAX_BYTES:
        raise ValidationError("The document is larger than 25 MB.")
    found = _sniff(data)
    if found is None:
        raise ValidationError(
            f"{name} is not a PDF or Word document, whatever its name says: "
            "save it again as PDF or DOCX and upload that."
        )
    if found != claimed:
        raise ValidationError(
            f"{name} is named .{claimed.value} but holds a {found.label} file: rename it or "
            "save it again."
        )
    return found


def _sniff(data: bytes) -> DocumentType | None:
    if data.startswith(b"%PDF-"):
        return DocumentType.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DocumentType.DOCX
    return None
