"""The sentence-embedding model: all-MiniLM-L6-v2, shipped with the package as int8 ONNX.

The default install runs it with onnxruntime and the plain-Python WordPiece tokenizer in
``wordpiece.py`` — no torch, nothing downloaded (models/minilm/README.md says how the file
was made from the same weights the ``semantic`` extra installs, and its checksum).
``Settings.semantic``: ``off`` never loads a model, ``auto`` uses it when its files and
onnxruntime are there (and scores lexically, with a warning, when they are not), ``on``
refuses to start without it. The ``semantic`` extra (sentence-transformers on torch, the
same weights) is only the tool to rebuild the file and check it against: scored the
torch way, held-out agreement is the same within 0.004 r (docs/scoring.md).
"""

from __future__ import annotations

import importlib.util
import re
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
import structlog
from numpy.typing import NDArray

from panelist.errors import ConfigurationError
from panelist.scoring.wordpiece import WordPiece

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_DIR = Path(__file__).parent / "models" / "minilm"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
DIMENSIONS = 384
_CACHE_SIZE = 4096

log = structlog.get_logger("panelist.scoring")


class Encoder(Protocol):
    """Turns texts into unit-length vectors (one row per text)."""

    name: str

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


# Left where masking blanked a span: a lone full stop, comma or bracket says nothing.
_RESIDUE = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")


def canonical(text: str) -> str:
    """``text`` as the model reads it: single spaces, no stray punctuation or brackets left by masking
    (so an answer with a blanked span embeds exactly as the answer without it)."""
    return " ".join(_RESIDUE.sub(" ", text).split())


class _VectorCache:
    """The last few thousand texts' vectors: references and rubric points recur every answer."""

    def __init__(self, compute: Callable[[list[str]], NDArray[np.float32]]) -> None:
        self._compute = compute
        self._vectors: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        texts = [canonical(t) for t in texts]
        found: dict[str, NDArray[np.float32]] = {}
        for text in texts:
            if text in self._vectors:
                self._vectors.move_to_end(text)
                found[text] = self._vectors[text]
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            for text, vector in zip(missing, self._compute(missing), strict=True):
                found[text] = self._vectors[text] = np.asarray(vector, dtype=np.float32)
        while len(self._vectors) > _CACHE_SIZE:
            self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])


class OnnxMiniLMEncoder:
    """all-MiniLM-L6-v2 as one ONNX graph (BERT, mean pooling, L2 norm) on onnxruntime.

    ``threads`` bounds the cores one call uses (1 keeps concurrent interviews from
    competing for cores; scoring one answer takes a few milliseconds).
    """

    name = f"{MODEL_NAME} (onnx int8)"

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime as ort

        model, vocab = model_dir / "model.onnx", model_dir / "vocab.txt"
        for path in (model, vocab):
            if not path.is_file():
                raise ConfigurationError(
                    f"The semantic model file {path} is missing.",
                    hint="Reinstall panelist (the file ships with the package), "
                    "or set PANELIST_SEMANTIC=off to score by words only.",
                )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = WordPiece.from_file(vocab, MAX_TOKENS)
        self._cache = _VectorCache(self._embed)

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        return self._cache.encode(texts)

    def _embed(self, texts: list[str]) -> NDArray[np.float32]:
        """One text a run: int8 activations are quantised with one scale per run, so a text
        batched with others (or with padding) would get a slightly different vector; alone,
        its vector depends on it only (and, without padding, it is faster on one core)."""
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = np.array([self._tokenizer.encode(text)], dtype=np.int64)
            feed = {
                "input_ids": ids,
                "attention_mask": np.ones_like(ids),
                "token_type_ids": np.zeros_like(ids),
            }
            out[row] = self._session.run(["sentence_embedding"], feed)[0][0]
        return out


def onnx_available(model_dir: Path = MODEL_DIR) -> bool:
    """Whether onnxruntime is installed and the bundled model files are in place."""
    return (
        importlib.util.find_spec("onnxruntime") is not None
        and (model_dir / "model.onnx").is_file()
        and (model_dir / "vocab.txt").is_file()
    )


def build_encoder(mode: str = "auto", model_dir: Path = MODEL_DIR) -> Encoder | None:
    """A new encoder for ``Settings.semantic`` (``auto`` | ``on`` | ``off``)."""
    if mode == "off":
        return None
    if mode not in ("auto", "on"):
        raise ConfigurationError(
            f"PANELIST_SEMANTIC={mode!r} is not a semantic mode.", hint="Use auto, on or off."
        )
    if onnx_available(model_dir):
        return OnnxMiniLMEncoder(model_dir)
    if importlib.util.find_spec("onnxruntime") is None:
        problem, fix = "onnxruntime is not installed", "run `pip install panelist` again"
    else:
        problem, fix = f"the model files in {model_dir} are missing", "reinstall panelist"
    if mode == "on":
        raise ConfigurationError(
            f"PANELIST_SEMANTIC=on but {problem}.",
            hint=f"To score with the semantic model, {fix}; or set PANELIST_SEMANTIC=off.",
        )
    log.warning("semantic_model_unavailable", problem=problem, fix=fix, scoring="lexical only")
    return None


@cache
def load_encoder(mode: str = "auto") -> Encoder | None:
    """The process's shared encoder for ``Settings.semantic`` (loaded once, well under 1 s)."""
    return build_encoder(mode)
