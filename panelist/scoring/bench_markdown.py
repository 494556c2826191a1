"""The benchmark results as a Markdown report (benchmarks/results/<name>.md)."""

from __future__ import annotations

from typing import Any

TARGETS = {
    "mohler_dev.jsonl": "r ≥ 0.60, RMSE ≤ 0.95",
    "saf_training.jsonl": "r ≥ 0.85",
    "saf_unseen_answers.jsonl": "r ≥ 0.85",
}


def _cell(metrics: dict[str, Any] | None) -> str:
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
            f"| {_cell(entry.get('lexical_lqo'))} | {_cell(entry.get('semantic_lqo'))} "
            f"| {_cell(entry.get('baseline_tfidf'))} | {_cell(entry.get('baseline_minilm'))} "
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
                f"| {name} | {_cell(entry.get('lexical_fit_on_training'))} "
                f"| {_cell(entry.get('semantic_fit_on_training'))} |"
            )
    lines += [
        "",
        f"Speed (score_target with the shipped calibration, one process, {results['machine']}):",
        "",
        "| variant | answers | answers/s | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for variant, s in results["speed"].items():
        lines.append(
            f"| {variant} | {s['answers']} | {s['answers_per_second']} | {s['p50_ms']} "
            f"| {s['p99_ms']} | {s['max_ms']} |"
        )
    return "\n".join(lines) + "\n"
