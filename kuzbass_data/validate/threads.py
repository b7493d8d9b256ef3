"""Run independent column or chunk checks side by side.

Arrow's compute kernels and numpy release the GIL, so threads use every core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A few threads are enough: the work is a handful of large vectorised kernels.
WORKERS = max(1, min(4, os.cpu_count() or 1))


def map_threads(func: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[func(item) for item in items]``, computed by up to WORKERS threads, in order."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(func, items))
