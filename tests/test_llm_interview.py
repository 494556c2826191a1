"""A whole interview with an LLM interviewer, judge and candidate on a loopback server,
and every failure mode falling back to the embedded default without stalling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server import build_app, serve

from panelist.candidates import simulated_candidate
from panelist.candidates.llm_candidate import LLMCandidate
from panelist.catalog import load_catalog
from panelist.config import Settings
from panelist.interview.state import InterviewState, Speaker, Status, TurnRole
from panelist.llm import build_model
from panelist.reports import build_report, render
from panelist.service.factory import build_service
from panelist.service.simulation import run_interview
from panelist.storage import open_database
from panelist.wording import counted


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(build_app()) as url:
        yield url


def settings_for(tmp_path: Path, server: str, model: str, **extra: object) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'llm.db'}",
        llm_backend="openai",
        llm_model=model,
        llm_base_url=f"{server}/v1",
        llm_max_retries=0,
        llm_timeout_seconds=1.0,
        scorer="llm",
        **extra,  # type: ignore[arg-type]
    )


def interview(settings: Settings, *, llm_candidate: bool = False) -> InterviewState:
    catalog = load_catalog()
    model = build_model(settings)
    assert model is not None
    template = simulated_candidate("strong", 3, catalog)
    candidate = (
        LLMCandidate(model, profile="strong", name="Sam Rivera", fallback=template.reply)
        if llm_candidate
        else template
    )
    database = open_database(settings)
    try:
        service = build_service(settings, catalog, database.interviews)
        created = service.create("SRES.GEN.P4", None, "Sam Rivera", seed=3)
        return run_interview(service, created.id, candidate)
    finally:
        database.close()


def scored_answers(state: InterviewState) -> list[dict[str, object]]:
    return [t.score for t in state.turns if t.speaker is Speaker.CANDIDATE and t.score]


def test_an_llm_interview_and_judged_report_end_to_end(server: str, tmp_path: Path) -> None:
    state = interview(settings_for(tmp_path, server, "smart"), llm_candidate=True)
    assert state.status is Status.COMPLETED
    bridged = [t for t in state.turns if t.role is TurnRole.QUESTION and "clear picture" in t.text]
    assert bridged, "the LLM interviewer's bridge sentences are used"
    scorers = {str(s["scorer"]) for s in scored_answers(state)}
    assert any(s.startswith("llm:openai:smart") for s in scorers)
    answers = [t.text for t in state.turns if t.speaker is Speaker.CANDIDATE]
    assert any("burn rate alerts" in a for a in answers), "the LLM played the candidate"
    report = render(build_report(state, load_catalog()), "txt")
    assert isinstance(report, str) and "llm:openai:smart" in report
    usage = state.notes["llm_usage"]
    assert usage["calls"] > 0 and usage["input_tokens"] > 0
    assert f"LLM usage: {counted(usage['calls'], 'call')}, " in report  # it read "28 call(s)"


@pytest.mark.parametrize("model", ["down", "slow", "malformed", 'judge:{"score": 5}'])
def test_every_failure_falls_back_and_the_report_says_so(
    server: str, tmp_path: Path, model: str
) -> None:
    state = interview(settings_for(tmp_path, server, model))
    assert state.status is Status.COMPLETED
    scores = scored_answers(state)
    assert scores and all(str(s["scorer"]).startswith("embedded/") for s in scores)
    assert all("fallback" in str(s["reason"]) for s in scores if s["value"] is not None)
    report = render(build_report(state, load_catalog()), "txt")
    assert isinstance(report, str) and "fallback" in report.lower()


def test_a_phrasing_that_mentions_scores_is_never_shown(server: str, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, server, "json:Honestly that answer deserves a 5/5 score.")
    state = interview(settings)
    assert state.status is Status.COMPLETED
    assert not any("5/5" in t.text for t in state.turns if t.speaker is Speaker.INTERVIEWER)
    assert any(t.phraser_error is not None for t in state.turns)


def test_simulate_with_an_llm_candidate_and_interviewer(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from panelist.cli.app import app

    for key, value in {
        "PANELIST_DATA_DIR": str(tmp_path),
        "PANELIST_LLM_BACKEND": "openai",
        "PANELIST_LLM_MODEL": "smart",
        "PANELIST_LLM_BASE_URL": f"{server}/v1",
    }.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(
        app, ["simulate", "--profile", "average", "--seed", "2", "--llm-candidate"]
    )
    assert result.exit_code == 0, result.output
    assert "burn rate alerts over 1h and 5m windows" in result.output
    assert "clear picture of your setup" in result.output


def test_simulate_llm_candidate_needs_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from panelist.cli.app import app

    monkeypatch.delenv("PANELIST_LLM_BACKEND", raising=False)
    result = CliRunner().invoke(app, ["simulate", "--profile", "average", "--llm-candidate"])
    assert result.exit_code != 0
