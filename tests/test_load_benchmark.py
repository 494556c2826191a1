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


def test_the_live_interviews_wait_at_each_stage_of_an_interview(tmp_path: Path) -> None:
    from panelist.candidates import simulated_candidate
    from panelist.catalog.loader import load_catalog
    from panelist.config import load_settings
    from panelist.service.factory import build_service
    from panelist.storage import open_database

    load = load_module()
    settings = load_settings(data_dir=tmp_path, seed=1, semantic="off")
    catalog = load_catalog(settings.catalog_path)
    database = open_database(settings)
    try:
        service = build_service(settings, catalog, database.interviews)
        reached = {}
        for n, stage in enumerate(load.STAGES):
            state = service.create(load.ROLE, None, f"Candidate {n}", seed=n)
            said = service.start(state.id)
            candidate = simulated_candidate("average", n, catalog)
            reached[stage] = load.advance(service, state.id, said, candidate, stage)
            answered = [t for t in service.transcript(state.id).turns if t.speaker == "candidate"]
            assert len(answered) <= max(load.LATE_ANSWERS, load.FOLLOW_UP_WITHIN), stage
    finally:
        database.close()
    assert reached["intro"] == "intro"
    assert reached["first question"] in {"project", "technical", "scenario", "behavioural"}
    assert reached["follow-up pending"] == "follow-up"
    assert reached["late"] not in {"intro", "finished", "candidate_questions"}


def test_the_results_say_where_the_interviews_stood_and_what_kept_the_cpus_busy() -> None:
    load = load_module()
    assert load.stages_text({"stages": {"follow-up": 3, "intro": 2}}) == (
        "waiting on: follow-up 3, intro 2"
    )
    assert load.stages_text({}) == "every one at its intro"  # a results file from before
    row = {"server_cpus": 0.98, "worker_cpus": 0.71, "wrk_cpus": 0.12}
    assert load.cpus_text(row) == "0.98 / 0.71 / 0.12 = 1.81"
    assert load.cpus_text({}) == "-"


def test_a_seed_left_in_seed_dir_is_reused_only_for_as_many_interviews(tmp_path: Path) -> None:
    load = load_module()
    seed = load.Seed(tmp_path, ["token-a", "token-b"], ["finished-a"], 13.5, {"intro": 2})
    (tmp_path / "seed.json").write_text(json.dumps(load.asdict(seed), default=str))
    assert load.reused_seed(tmp_path, 2) == seed
    assert load.reused_seed(tmp_path, 3) is None
    assert load.reused_seed(tmp_path / "elsewhere", 2) is None
