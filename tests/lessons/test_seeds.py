"""The project's seeds/ are the shared articles, byte for byte.

The hashes below were taken from the shared copy (../shared/seeds/ beside the checkout); a clone
elsewhere has no shared copy to compare with, so the hashes themselves are the check, and the
shared copy is compared too wherever it is present.
"""

import hashlib
from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.SEEDS_DIR)
SHARED = Path(settings.BASE_DIR).parent / "shared" / "seeds"

SHARED_SHA256 = {
    "000_6a8bdd86a501b46d.txt": "060b0895d8aedc16f540e831d56a9fdc55054cf599f00dfcb2e579484eda6e27",
    "001_8096015f538a0aee.txt": "c1cfdb1567b7b6b8e48d66451bc783c843af4c4f67ba2820cbee45fa1d32c06e",
    "002_ff241c5b57b22d22.txt": "49f34eec49f48b25d7c9186689c1212a3f490017d96780b46a7648a9cfa3a847",
    "003_ad4ac6e38d5f4d4b.txt": "bf00967a8fcdb0923452ff641b8ed2fe6d414cc904a67bbd87b7df8fcd4276ad",
}


def sha256_of(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.txt"))
    }


def test_the_seeds_are_the_four_shared_articles_byte_for_byte():
    assert sha256_of(SEEDS) == SHARED_SHA256


def test_the_shared_copy_beside_the_checkout_has_not_moved_on():
    if SHARED.is_dir():  # only beside the shared folder; elsewhere the pinned hashes stand
        assert sha256_of(SHARED) == SHARED_SHA256
