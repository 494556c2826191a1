"""The benchmark results as a Markdown report (benchmarks/results/<name>.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

TARGETS = {
    "mohler_dev.jsonl": "r ≥ 0.60, RMSE ≤ 0.95",
    "saf_training.jsonl": "r ≥ 0.85",
    "saf_unseen_answers.jsonl": "r ≥ 0.85",
}


def cell(metrics: dict[str, Any] | None) -> str:
    if not metrics:
        return "–"
    parts = [
        "–" if metrics.get(key) is None else f"{metrics[key]:.3f}" for key in ("r", "rmse", "qwk")
    ]
    return " / ".join(parts)


def render_markdown(results: dict[str, Any]) -> str:
    """Tables of r / RMSE / QWK per file and method, then speed."""
    lines = [
        f"# Scoring benchmark — {results['scorer']}",
        "",
        f"{results['date']} · {results['data_dir']} · cells are r / RMSE / QWK on each file's own "
        "scale. Embedded rows: leave-questions-out (5 folds grouped by question: the calibration "
        "never saw the question it scores). Baseline r is the raw cosine; its RMSE/QWK come from "
        "a linear calibration fitted the same leave-questions-out way.",
        "",
        "| file | rows | questions | target | embedded (lexical) | embedded + MiniLM "
        "| TF-IDF cosine | MiniLM cosine | predict-the-mean RMSE |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in results["files"].items():
        lines.append(
            f"| {name} | {entry['rows']} | {entry['questions']} | {TARGETS.get(name, '')} "
            f"| {cell(entry.get('lexical_lqo'))} | {cell(entry.get('semantic_lqo'))} "
            f"| {cell(entry.get('baseline_tfidf'))} | {cell(entry.get('baseline_minilm'))} "
            f"| {entry['baseline_mean_rmse']:.3f} |"
        )
    unseen = {
        name: entry
        for name, entry in results["files"].items()
        if "lexical_fit_on_training" in entry
    }
    if unseen:
        lines += [
            "",
            "Unseen answers to seen questions (calibration fitted on saf_training):",
            "",
            "| file | embedded (lexical) | embedded + MiniLM |",
            "|---|---|---|",
        ]
        for name, entry in unseen.items():
            lines.append(
                f"| {name} | {cell(entry.get('lexical_fit_on_training'))} "
                f"| {cell(entry.get('semantic_fit_on_training'))} |"
            )
    lines += [
        "",
        f"Speed (score_target with the shipped calibration, one process, {results['machine']}):",
        "",
        "| variant | answers | answers/s | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms "
        "| CPU p99, later answers | CPU mean, first answer to a question |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for variant, s in results["speed"].items():
        lines.append(
            f"| {variant} | {s['answers']} | {s['answers_per_second']} | {s['p50_ms']} "
            f"| {s['p99_ms']} | {s['max_ms']} | {s.get('cpu_p50_ms', '–')} "
            f"| {s.get('cpu_p99_ms', '–')} | {s.get('cpu_p99_later_answers_ms', '–')} "
            f"| {s.get('cpu_mean_first_answer_ms', '–')} |"
        )
    if results.get("startup"):
        lines += [
            "",
            "Start-up (a fresh process: import, load the model, score one answer):",
            "",
            "| variant | model | wall s | CPU s |",
            "|---|---|---|---|",
        ]
        for variant, s in results["startup"].items():
            lines.append(f"| {variant} | {s['model']} | {s['wall_s']} | {s['cpu_s']} |")
    return "\n".join(lines) + "\n"


def render_scorer_markdown(results: dict[str, Any]) -> str:
    """The results of :func:`run_scorer_bench` as Markdown."""
    limit = f", at most {results['limit']} rows a file" if results.get("limit") else ""
    lines = [
        f"# Scoring benchmark — {results['scorer']}",
        "",
        f"{results['date']} · {results['data_dir']}{limit} · cells are r / RMSE / QWK on each "
        "file's own scale. This scorer is not fitted on these files, so every question is "
        "unseen to it. Rows it could not score are scored by the embedded scorer and counted "
        "as fallbacks.",
        "",
        "| file | rows | questions | target | its own rows | all rows (fallbacks included) "
        "| fallbacks |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in results["files"].items():
        lines.append(
            f"| {name} | {entry['rows']} | {entry['questions']} | {TARGETS.get(name, '')} "
            f"| {cell(entry['agreement_judged'])} | {cell(entry['agreement'])} "
            f"| {entry['fallbacks']} |"
        )
    reasons = Counter[str]()
    for entry in results["files"].values():
        reasons.update(entry["fallback_reasons"])
    if reasons:
        lines += ["", "Why it fell back: " + "; ".join(f"{n}× {w}" for w, n in reasons.items())]
    speed = results["speed"]
    lines += [
        "",
        f"Latency per answer: p50 {speed['p50_ms']} ms, p99 {speed['p99_ms']} ms, "
        f"max {speed['max_ms']} ms over {speed['answers']} answers.",
    ]
    if usage := results.get("llm_usage"):
        lines.append(
            f"LLM usage: {usage['calls']} calls, {usage['input_tokens']} input and "
            f"{usage['output_tokens']} output tokens, ${usage['cost_usd']} (priced models only)."
        )
    return "\n".join(lines) + "\n"
