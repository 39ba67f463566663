"""The one text layer: pure helpers every other layer shares (no Django, no ORM).

- ``normalise``  - which differences between two strings do not matter (case, accents, spaces,
  typographic punctuation); each function's name says which normalisation it does.
- ``words``      - word lists and counting words.
- ``numbers``    - number words both ways ("seventy-eight" <-> 78) and "38,000" formatting.
- ``markdown``   - the one CommonMark parser and the plain words of inline markdown.
- ``sentences``  - sentence splitting and stable sentence anchors.
- ``render``     - a lesson body as safe HTML with one anchored span per sentence.
"""
