"""The content model: typed records declared once (`records.py`) from typed options (`options.py`)."""

from .records import (
    FILE_RECORDS,
    Branch,
    Category,
    Contact,
    Extension,
    FaqEntry,
    FaqFile,
    Price,
    Procedure,
    Shop,
    Site,
    Sla,
    Step,
    Warranty,
)
from .values import Duration, Keywords, Markdown, Ref, Text

__all__ = [
    "FILE_RECORDS", "Branch", "Category", "Contact", "Extension", "FaqEntry", "FaqFile", "Price",
    "Procedure", "Shop", "Site", "Sla", "Step", "Warranty", "Duration", "Keywords", "Markdown", "Ref", "Text",
]
