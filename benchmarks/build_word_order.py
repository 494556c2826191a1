"""Fit the word-order model (panelist/scoring/models/word_order.json) on natural English.

Read: the dev files' answers and references (mohler_dev and saf_training), the catalog's
question texts, level descriptors and key points, and the interview notes in
../shared/seeds (first-person speech). Never read: the held-out files (saf_unseen_*), the
catalog's reference answers and the graded set (the robustness benchmark checks those
are not called salads), so those checks stay honest.

    PYTHONPATH=$PWD python benchmarks/build_word_order.py [DATA_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from panelist.catalog.loader import load_catalog
from panelist.config import Settings
from panelist.evaluation.dataset import read_rows
from panelist.scoring.word_order import MODEL_PATH, fit

DEV_FILES = ("mohler_dev.jsonl", "saf_training.jsonl")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_DATA = SHARED / "data" / "scoring"


def catalog_texts() -> list[str]:
    catalog = load_catalog(Settings().catalog_path)
    texts: list[str] = []
    for question in sorted(catalog.questions.values(), key=lambda q: q.id):
        texts.append(question.text)
        texts += [question.descriptors[k] for k in sorted(question.descriptors)]
        texts += [point.text for point in question.key_points]
    return texts


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]


def training_texts(data_dir: Path) -> list[str]:
    """Everything the model is fitted on (see the module doc), in a fixed order."""
    rows = [row for name in DEV_FILES for row in read_rows(data_dir / name)]
    texts = [row.answer for row in rows] + sorted({row.reference for row in rows})
    return texts + catalog_texts() + seed_texts()


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    texts = training_texts(data_dir)
    model = fit(texts)
    MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{MODEL_PATH}: {len(texts)} texts, {len(model['counts'])} classes")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
