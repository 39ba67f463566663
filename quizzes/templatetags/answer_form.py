"""The answer form's own values: a rejected answer comes back (without JavaScript) as the
question with what the learner gave still in it, so fixing it costs no retyping."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.simple_tag
def given(submitted: Mapping[str, list[str]] | None, field: str, index: int | None = None) -> str:
    """The learner's value of ``field`` (``field-index`` for one select of a matching or
    ordering question); "" on a fresh form."""
    name = field if index is None else f"{field}-{index}"
    values = (submitted or {}).get(name) or [""]
    return values[0]
