"""How many threads NumPy's BLAS (OpenBLAS) uses, changed at run time through ctypes.

threadpoolctl is not a dependency. NumPy's wheels bundle OpenBLAS under a prefixed name
(``libscipy_openblas64_*.so`` exporting ``scipy_openblas_set_num_threads64_``); a plain system
OpenBLAS exports ``openblas_set_num_threads``. We find the library NumPy has already loaded in
``/proc/self/maps`` and call whichever setter it exports. The setting is process-wide (not per
Python thread), so concurrent callers with different ``threads`` race; the serving path uses 1.
Without OpenBLAS (another BLAS, another OS) the calls are no-ops and
``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` set before NumPy is imported are the only control.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

_PREFIXES = ("scipy_openblas_", "openblas_")
_SUFFIXES = ("64_", "_64_", "")


@functools.cache
def _library() -> tuple[ctypes.CDLL, str, str] | None:
    np.dot(np.ones((2, 2)), np.ones((2, 2)))  # make sure BLAS is loaded
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return None
    paths = {line.split()[-1] for line in lines if "openblas" in line.lower() and "/" in line}
    for path in sorted(paths):
        lib = ctypes.CDLL(path)
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                if hasattr(lib, f"{prefix}set_num_threads{suffix}") and hasattr(
                    lib, f"{prefix}get_num_threads{suffix}"
                ):
                    return lib, prefix, suffix
    return None


def _functions() -> tuple[Any, Any] | None:
    found = _library()
    if found is None:
        return None
    lib, prefix, suffix = found
    setter = getattr(lib, f"{prefix}set_num_threads{suffix}")
    getter = getattr(lib, f"{prefix}get_num_threads{suffix}")
    setter.argtypes, setter.restype = [ctypes.c_int], None
    getter.argtypes, getter.restype = [], ctypes.c_int
    return setter, getter


def blas_threads() -> int | None:
    """OpenBLAS's current thread count, or None when it cannot be read."""
    funcs = _functions()
    return int(funcs[1]()) if funcs else None


def set_blas_threads(n: int) -> bool:
    """Set OpenBLAS's thread count for the process; False when not possible."""
    funcs = _functions()
    if funcs is None:
        return False
    funcs[0](max(1, int(n)))
    return True


@contextmanager
def limited_blas_threads(n: int | None) -> Iterator[None]:
    """Run a block with ``n`` BLAS threads (None: leave as is), restoring the count after."""
    before = blas_threads() if n is not None else None
    if n is not None:
        set_blas_threads(n)
    try:
        yield
    finally:
        if before is not None:
            set_blas_threads(before)
