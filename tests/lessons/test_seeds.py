"""The project's seeds/ are the shared articles, byte for byte."""

import hashlib
from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.SEEDS_DIR)
SHARED = Path(settings.BASE_DIR).parent / "shared" / "seeds"

EXPECTED = {
    path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(SEEDS.glob("*.txt"))
}


def test_there_are_four_articles():
    assert len(EXPECTED) == 4


def test_seeds_are_byte_identical_to_the_shared_copy():
    shared = sorted(SHARED.glob("*.txt"))
    assert [p.name for p in shared] == sorted(EXPECTED), f"missing or extra files in {SHARED}"
    for path in shared:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == EXPECTED[path.name], path.name
