"""The load benchmark's answers: varied natural texts by default, the fixed three on request."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_fixed_answers_are_the_three_of_earlier_runs() -> None:
    load = load_module()
    assert load.answer_pool("fixed", Path("/nonexistent")) == list(load.ANSWERS)


def test_varied_answers_are_a_seeded_shuffle_of_distinct_natural_answers() -> None:
    load = load_module()
    if not all((load.ANSWER_DATA / name).exists() for name in load.ANSWER_FILES):
        pytest.skip(f"no scoring data in {load.ANSWER_DATA}")
    pool = load.answer_pool("varied", load.ANSWER_DATA)
    assert pool == load.answer_pool("varied", load.ANSWER_DATA)  # seeded: every run the same
    assert len(pool) == len(set(pool)) > 2000
    assert pool != sorted(pool)
    assert not set(load.ANSWERS) & set(pool)


def test_a_varied_answer_reaches_the_wrk_script_as_its_json_string() -> None:
    load = load_module()
    seed = load.Seed(Path("/tmp"), ["token-a", "token-b"], ["finished-a"])
    text = 'He said "restart it"\nand it came back ’fine’.'
    script = load.lua_script("answer", seed, "bearer", "r0x", [text], offset=0)
    # a Lua string literal of the JSON string: quotes, the newline and non-ASCII survive
    assert f"local answers = {{{json.dumps(json.dumps(text))}}}" in script
    assert "%q" not in script
