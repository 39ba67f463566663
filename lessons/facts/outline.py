"""A lesson body's outline: each sentence with the sub-headings above it.

The sub-headings are part of what the article is about at a sentence (its *topic*): under
"### Missions in Libya", "the mission" is the Libya mission.
"""

from __future__ import annotations

from lessons.text.sentences import Sentence, sentence_chunks

__all__ = ["sentences_with_sections"]


def sentences_with_sections(body: str) -> list[tuple[Sentence, tuple[str, ...]]]:
    """Every sentence of a lesson body with the sub-headings above it, outermost first (a
    heading's own sentences get the headings above the heading)."""
    tokens, chunks = sentence_chunks(body)
    path: list[tuple[int, str]] = []  # (level, heading text)
    out: list[tuple[Sentence, tuple[str, ...]]] = []
    for index in sorted(chunks):
        opener = tokens[index - 1] if index else None
        level = int(opener.tag[1:]) if opener is not None and opener.type == "heading_open" else 0
        if level:
            path = [(lvl, text) for lvl, text in path if lvl < level]
        sections = tuple(text for _, text in path)
        out += [(chunk.sentence, sections) for chunk in chunks[index]]
        if level:
            path.append((level, " ".join(chunk.sentence.text for chunk in chunks[index])))
    return out
