"""Every score the embedded scorer gives, written out to compare two versions of the code.

    PYTHONPATH=. .venv/bin/python benchmarks/score_identity.py --write /tmp/main.jsonl
    PYTHONPATH=. .venv/bin/python benchmarks/score_identity.py --check /tmp/main.jsonl

Scores, with the words-only scorer and (``--semantic on``, the default) with the semantic
one: every row of every ``*.jsonl`` in the scoring data directory on its own scale; every
catalog question's reference answer (or its text) against the question, alone and as a reply
to the question's own text (the prompt relevance an intro or a follow-up is scored by); and
every answer of the graded set against its catalog question, alone and as a reply to its
question; and every candidate answer of simulated interviews (each profile, on each role of
the catalog) as the interview service scored it, with the earlier answers beside it (the
exchange's key points, contradictions with answers to other questions). Each line is one score: value, relevance, confidence, reason, flags with their
details and evidence offsets, key points hit with strength and evidence offsets, points
missed, and every signal. ``--check`` recomputes and lists each score that differs: a change
meant to be faster only must show none. The output is a few megabytes: keep it out of git.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from panelist.candidates import PROFILES, simulated_candidate
from panelist.catalog import builtin_catalog_dir, load_catalog
from panelist.config import load_settings
from panelist.evaluation.crossval import targets_for
from panelist.evaluation.dataset import read_rows
from panelist.evaluation.graded import read_graded
from panelist.interview.state import Speaker
from panelist.scoring.embedded import EmbeddedScorer
from panelist.scoring.semantic import load_encoder
from panelist.scoring.types import InterviewContext, Score
from panelist.service.interviews import InterviewService
from panelist.service.simulation import run_interview
from panelist.storage.memory import MemoryRepository

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "scoring"


def record(key: str, score: Score) -> dict[str, Any]:
    """The parts of a score that must not change (``to_dict`` has them all, offsets too)."""
    return {"key": key, **score.to_dict()}


def scores(scorer: EmbeddedScorer, data_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(data_dir.glob("*.jsonl")):
        rows = read_rows(path)
        targets = targets_for(rows)
        for row in rows:
            target = targets[(row.question_id, row.reference, row.max_score)]
            yield record(f"{path.name}:{row.id}", scorer.score_target(row.answer, target))
    catalog = load_catalog(builtin_catalog_dir())
    for question in sorted(catalog.questions.values(), key=lambda q: q.id):
        answer = question.reference_answer or question.text
        yield record(f"catalog:{question.id}", scorer.score(answer, question))
        asked = InterviewContext(prompt=question.text)
        yield record(f"catalog-prompt:{question.id}", scorer.score(answer, question, asked))
    for graded in read_graded():
        question = catalog.question(graded.question_id)
        yield record(f"graded:{graded.id}", scorer.score(graded.answer, question))
        asked = InterviewContext(prompt=question.text)
        yield record(f"graded-prompt:{graded.id}", scorer.score(graded.answer, question, asked))


def interview_scores(scorer: EmbeddedScorer) -> Iterator[dict[str, Any]]:
    """Each candidate answer of one seeded interview per profile and role, as stored: turn ids
    (random) are written as the answer's number."""
    catalog = load_catalog(builtin_catalog_dir())
    service = InterviewService(load_settings(semantic="off"), catalog, MemoryRepository(), scorer)
    for role in sorted(catalog.roles):
        for profile in PROFILES:
            candidate = simulated_candidate(profile, 1, catalog)
            created = service.create(role, None, candidate.name, quality_profile=profile, seed=1)
            final = run_interview(service, created.id, candidate)
            numbers = {t.id: f"turn-{n}" for n, t in enumerate(final.turns)}
            for n, turn in enumerate(final.turns):
                if turn.speaker is not Speaker.CANDIDATE or turn.score is None:
                    continue
                stored = json.dumps(turn.score, sort_keys=True)
                for turn_id, number in numbers.items():
                    stored = stored.replace(turn_id, number)
                yield {"key": f"interview:{role}:{profile}:{n}", **json.loads(stored)}


def all_scores(semantic: str, data_dir: Path) -> Iterator[dict[str, Any]]:
    variants: list[tuple[str, EmbeddedScorer]] = [("lexical", EmbeddedScorer())]
    encoder = load_encoder(semantic)
    if encoder is not None:
        variants.append(("semantic", EmbeddedScorer(encoder=encoder)))
    for name, scorer in variants:
        for item in scores(scorer, data_dir):
            yield {"variant": name, **item}
        for item in interview_scores(scorer):
            yield {"variant": name, **item}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write every score to this JSONL file")
    group.add_argument("--check", type=Path, help="compare every score with this file")
    parser.add_argument("--semantic", default="on", help="on|off (off: words-only scores)")
    parser.add_argument("--data", type=Path, default=DATA, help="the scoring data directory")
    args = parser.parse_args()
    lines = (json.dumps(item, sort_keys=True) for item in all_scores(args.semantic, args.data))
    if args.write:
        with args.write.open("w", encoding="utf-8") as out:
            count = sum(out.write(line + "\n") > 0 for line in lines)
        print(f"{count} scores written to {args.write}")
        return
    saved = args.check.read_text(encoding="utf-8").splitlines()
    now = list(lines)
    differ = 0
    for old, new in zip(saved, now, strict=False):
        if old != new:
            differ += 1
            if differ <= 10:
                key = json.loads(old)
                print(f"differs: {key['variant']} {key['key']}\n  was {old}\n  now {new}")
    if len(now) != len(saved):
        print(f"{len(saved)} scores saved, {len(now)} recomputed")
        sys.exit(1)
    print(f"{len(now)} scores compared, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
