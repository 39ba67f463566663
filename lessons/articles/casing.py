"""Title Case both ways: telling a Title Case heading from a sentence-case one, and writing one."""

from __future__ import annotations

from lessons.text.words import word_set

MINOR_WORDS = word_set("a an the and but or nor for of in on at to by with from as into via vs per")
"""Words a title leaves in lower case (unless they open it or follow a colon)."""


def is_title_case(text: str) -> bool:
    """Every word after the first is capitalised, a minor word, or not a word."""
    words = [word.strip("()[]\"'“”‘’") for word in text.split()[1:]]
    return all(
        not word or not word[0].isalpha() or word[0].isupper() or word.lower() in MINOR_WORDS
        for word in words
    )


def title_case(phrase: str) -> str:
    """Capitalise a phrase as a title, keeping acronyms and names as written."""
    words = phrase.split()
    titled: list[str] = []
    for index, word in enumerate(words):
        first = index == 0 or titled[-1].endswith(":")
        if word.lower() in MINOR_WORDS and not first:
            titled.append(word.lower())
        else:
            titled.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(titled)
