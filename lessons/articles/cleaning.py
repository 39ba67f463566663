"""What is not lesson content: the AI disclaimer, site metadata and site chrome.

The disclaimer and the metadata are kept (the module shows them once); chrome is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.articles.blocks import Line

_DISCLAIMER_AI = re.compile(
    r"\bAI\b[- ]?(?:assisted|generated|written|produced|powered)"
    r"|\b(?:produced|generated|written|created|assisted)\s+(?:by|with|using)\s+(?:an?\s+)?AI\b"
)
_DISCLAIMER_CUE = re.compile(r"\b(?:note|readers?|disclaimer|verify|confirm|check)\b", re.I)
_DISCLAIMER_LABEL = re.compile(
    r"^[^\w]*(?:(?:note|disclaimer)(?:\s+(?:to|for)\s+readers?)?\s*:\s*)?", re.I
)
_CATEGORY_LINE = re.compile(r"\|(?P<cells>.*)\|")
_BYLINE = re.compile(
    r"(?:(?:updated|written|posted|published|reviewed|edited)\s+by|by|author)\s*:?\s+"
    r"(?P<who>(?-i:[A-Z]).*)",
    re.I,
)
_DATE_FIELD = re.compile(
    r"(?P<key>published|updated|last updated|posted|date|modified)\s*:\s*(?P<value>.*)", re.I
)
_READING_TIME = re.compile(r"\d+\s*(?:min|mins|minutes?)(?:\s+read)?", re.I)
_HASHTAGS = re.compile(r"#\w+(?:\s+#\w+)*")
_CHROME = re.compile(
    r"see also\b.*"
    r"|(?:scroll|back) to top"
    r"|(?:share|tweet|pin|email|print)(?:\s+(?:this|it|on|via|to)\b.*)?:?"
    r"|(?:related|recommended|popular|latest|more) (?:posts?|articles?|stories|reads)\b.*"
    r"|(?:read more|continue reading|click here)\b.*"
    r"|table of contents|contents|advertisement|sponsored(?: content)?"
    r"|(?:previous|next|prev)\s+(?:post|article|story)\b.*"
    r"|leave a (?:comment|reply)|\d*\s*comments?"
    r"|(?:subscribe|sign up|follow us)\b.*",
    re.I,
)
_MAX_CHROME_WORDS = 20
_MAX_DATE_CHARS = 40
_MAX_CATEGORY_WORDS = 5
_MAX_BYLINE_WORDS = 10


@dataclass
class Extras:
    """What the line classifier sets aside instead of passing on as content."""

    metadata: dict[str, str]
    disclaimer: str = ""


def is_content(line: Line, extras: Extras) -> bool:
    """False for disclaimer, metadata and chrome lines (recording the first two in ``extras``)."""
    text = line.text
    if _is_disclaimer(text):
        extras.disclaimer = extras.disclaimer or _DISCLAIMER_LABEL.sub("", text, count=1)
        return False
    fields = _metadata_fields(text)
    if fields is not None:
        for key, value in fields.items():
            extras.metadata.setdefault(key, value)
        return False
    return not _is_chrome(text)


def _is_disclaimer(text: str) -> bool:
    """The AI note needs both an AI phrase and a cue to the reader, so a sentence about AI in
    the article itself stays content."""
    return bool(_DISCLAIMER_AI.search(text) and _DISCLAIMER_CUE.search(text))


def _metadata_fields(text: str) -> dict[str, str] | None:
    """The site metadata a line carries ({} for an empty one), or None for any other line."""
    if _READING_TIME.fullmatch(text):
        return {"reading_time": text}
    if category := _CATEGORY_LINE.fullmatch(text):
        cells = [cell.strip() for cell in category.group("cells").split("|") if cell.strip()]
        if all(len(cell.split()) <= _MAX_CATEGORY_WORDS for cell in cells):
            return {"category": " | ".join(cells)} if cells else {}
    dates = [_DATE_FIELD.fullmatch(part.strip()) for part in text.split("|")]
    if all(match and len(match.group("value")) <= _MAX_DATE_CHARS for match in dates):
        return {
            match.group("key").lower().replace(" ", "_"): match.group("value").strip()
            for match in dates
            if match and match.group("value").strip()
        }
    byline = _BYLINE.fullmatch(text)
    if byline and len(text.split()) <= _MAX_BYLINE_WORDS and not text.endswith("."):
        return {"byline": byline.group("who").strip()}
    return None


def _is_chrome(text: str) -> bool:
    """Site furniture: cross-links, navigation, sharing, hashtags, separators."""
    if not any(char.isalnum() for char in text):
        return True
    if _HASHTAGS.fullmatch(text) or text.startswith("|") or text.endswith("|"):
        return True
    return len(text.split()) <= _MAX_CHROME_WORDS and bool(_CHROME.fullmatch(text))
