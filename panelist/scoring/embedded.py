"""The embedded scorer: rubric coverage, reference similarity and flags, offline, numpy only.

Scale: the calibrated quality ``q`` (0..1) is the share of the way from the
lowest to the highest score. On a catalog question (1-5 rubric) the value is
``1 + 4q``; on a benchmark row (0..max_score) it is ``q * max_score``. An empty
answer, an answer not in English, or a question kind that is not scored gets
``None`` with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from panelist.catalog.models import Question
from panelist.config import Settings
from panelist.scoring import anchors
from panelist.scoring import flags as flag_rules
from panelist.scoring.calibration import Calibration, LinearModel, load_calibration
from panelist.scoring.claims import NonClaims, is_stock
from panelist.scoring.contradiction import (
    earlier_answers,
    prior_contradictions,
    self_contradictions,
)
from panelist.scoring.features import analyse
from panelist.scoring.masking import mask_answer
from panelist.scoring.misconceptions import asserted, holds
from panelist.scoring.relevance import subject_relevance
from panelist.scoring.rubric import ANCHORS, Target, target_of
from panelist.scoring.semantic import Encoder, load_encoder
from panelist.scoring.text import content_tokens, tokenize
from panelist.scoring.tricks import has_dangerous_markup, merge_spans
from panelist.scoring.types import Evidence, Flag, FlagDetail, InterviewContext, KeyPointHit, Score

SCORER_ID = "embedded"
SCORER_VERSION = "2.0.0"  # claims-only credit, exchanges, ONNX semantic, level model
MAX_ANALYSED_CHARS = 20_000
RUBRIC_CAP_FLOOR = 0.25  # longer answers are judged on their first 20,000 characters
WRONG_CAP = 0.25  # anchor 2 on the 1-5 scale: the most an answer wrong on its main point gets
OFF_DOMAIN_ANCHOR = 0.2  # share of the answer's distinct words known to the question
OFF_DOMAIN_SEMANTIC = 0.15  # cosine to question and reference (dev answers: 2nd pct ~0)
OFF_DOMAIN_MIN_WORDS = 8  # without the encoder, a short unknown answer may be a paraphrase
OFF_DOMAIN_RELEVANCE = 0.1
# Relevance to the turn answered (scoring.relevance) from which an answer is not "another
# domain" whatever the planned question's reference says: an introduction ("I'm Priya, eight
# years an SRE ... the order-dispatch service") is far from the intro's reference in meaning.
ANSWERS_THE_TURN = 0.5
OFF_DOMAIN_FOREIGN = 0.25  # almost no word of the question's: a looser bound on meaning
OFF_DOMAIN_FOREIGN_WORDS = 0.1  # share of the answer's distinct words known to the question
OFF_DOMAIN_FAR = 0.1  # meaning this far from question and reference: a few shared words
OFF_DOMAIN_FAR_WORDS = 0.25  # ("second", "time") do not make it on topic
OFF_DOMAIN_MEANING = 0.2  # closeness below this: another domain (graded answers' least: 0.21)
# An answer that says a fifth of the reference's words in their order is about it, however far
# the encoder puts its meaning ("Data frames contain an additional ACK field which contains the
# sequence number": cosine 0.16 to "… Frames must contain additional field for acknowledgement",
# recall 0.30; graded correct). A sonata that shares "key" and "second" with a review: 0.04.
OFF_DOMAIN_RECALL = 0.2
MEANING_SIGNALS = (
    "semantic_question",
    "semantic_reference",
    "semantic_coverage",
    "semantic_best_sentence",
)


@dataclass
class Assessment:
    """Everything known about one answer before calibration turns it into a number."""

    target: Target
    signals: dict[str, float] = field(default_factory=dict)
    hits: list[KeyPointHit] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    flags: list[FlagDetail] = field(default_factory=list)
    relevance: float = 0.0
    unscored_reason: str | None = None  # set: the value is None for this reason
    lowest: bool = False  # nothing creditable said (don't know, only tricks): the lowest score
    main_point_wrong: bool = False  # a red flag said, or a lean to the wrong anchors: ≤ anchor 2
    said_words: int = 0  # content words said, asides included (enough to judge its domain)
    turn_relevance: float = 0.0  # relevance to the turn answered (scoring.relevance), if known
    padding_said: list[tuple[int, int]] = field(default_factory=list)  # copies, stock fluff
    asides: list[tuple[int, int]] = field(default_factory=list)  # sentences about another thing
    vague: list[tuple[int, int]] = field(default_factory=list)  # naming nothing concrete

    def has(self, flag: Flag) -> bool:
        return any(f.flag is flag for f in self.flags)


def rubric_cap(assessment: Assessment) -> float:
    """An authored rubric bounds the score: with none of its key points said, at most 2 of 5.

    The dev data's graders are lenient (mean 82% on mohler_dev); a catalog question's
    descriptors are anchored on its key points, so its coverage caps the quality there.
    Ad-hoc rubrics (benchmark rows) are not capped.
    """
    points = assessment.target.points
    if not points or points[0].adhoc:
        return 1.0
    return RUBRIC_CAP_FLOOR + (1.0 - RUBRIC_CAP_FLOOR) * hit_coverage(assessment)


def wrong_cap(assessment: Assessment) -> float:
    """An answer wrong on the question's main point (a red flag said, or a lean to the wrong
    anchors: scoring.anchors) gets at most anchor 2, whatever else it names."""
    return WRONG_CAP if assessment.main_point_wrong else 1.0


def authored(target: Target) -> bool:
    """A catalog question with its own key points and 1-5 anchors (not a benchmark row)."""
    return bool(target.points) and not target.points[0].adhoc and target.min_score >= 1.0


def level_signals(assessment: Assessment, dev_quality: float) -> dict[str, float]:
    """What the level model of a catalog question reads: the signals, the dev-data quality,
    the key points actually credited, and the question's red flags said."""
    return {
        **assessment.signals,
        "dev_quality": dev_quality,
        "hit_coverage": hit_coverage(assessment),
        "red_flag": 1.0 if assessment.has(Flag.RED_FLAG) else 0.0,
    }


def hit_coverage(assessment: Assessment) -> float:
    """The weighted share of the key points credited (said, not merely brushed against)."""
    points = assessment.target.points
    total = sum(p.weight for p in points) or 1.0
    hit = {h.key_point for h in assessment.hits}
    return sum(p.weight for p in points if p.id in hit) / total


def off_domain(assessment: Assessment) -> bool:
    """An answer from another domain entirely: off topic, almost none of its words are the
    question's, reference's or rubric's, and (with the encoder) its meaning is far from both.
    It gets the lowest score; a merely weak answer keeps its calibrated one."""
    signals = assessment.signals
    if foreign(signals, assessment.said_words, assessment.turn_relevance):
        return True
    if assessment.relevance >= flag_rules.OFF_TOPIC_RELEVANCE:
        return False
    anchored = signals.get("align_precision", 0.0) >= OFF_DOMAIN_ANCHOR
    if "semantic_question" in signals:
        closest = max(signals["semantic_question"], signals.get("semantic_reference", 0.0))
        return closest < OFF_DOMAIN_SEMANTIC and not anchored
    # Without the encoder only words tell, and only against an authored rubric: a short
    # reference ("Abstraction and reusability.") shares no word with many right answers.
    if not authored(assessment.target) or assessment.hits or anchored:
        return False
    return signals.get("content_words", 0.0) >= OFF_DOMAIN_MIN_WORDS


def foreign(
    signals: dict[str, float], said_words: int | None = None, turn_relevance: float = 0.0
) -> bool:
    """Eight or more content words whose meaning is far from everything the question is
    about: no closer than :data:`OFF_DOMAIN_MEANING` to the question, the reference, any key
    point or any sentence of the reference's (:func:`meaning_closeness`); or at most a tenth
    of its distinct words the question's, reference's, rubric's or topic's and a meaning not
    close to question or reference (or a quarter, and a meaning far from both): another
    domain, whatever it talks about (figures: docs/scoring.md). ``said_words`` are the
    answer's content words before its asides were set aside (a football report whose one
    sentence with "second" and "time" survives is judged on all it said), by default the
    ones scored. An answer to the turn it replies to (``turn_relevance`` from
    :data:`ANSWERS_THE_TURN`) is not another domain, whatever the planned question is."""
    if "semantic_question" not in signals or turn_relevance >= ANSWERS_THE_TURN:
        return False
    closest = max(signals["semantic_question"], signals.get("semantic_reference", 0.0))
    known = signals.get("align_precision", 1.0)
    scored = signals.get("content_words", 0.0)
    if (
        max(scored, said_words or 0) >= OFF_DOMAIN_MIN_WORDS
        and meaning_closeness(signals) < OFF_DOMAIN_MEANING
        and signals.get("align_recall", 0.0) < OFF_DOMAIN_RECALL
    ):
        return True
    if scored < OFF_DOMAIN_MIN_WORDS:
        return False
    return (known <= OFF_DOMAIN_FOREIGN_WORDS and closest < OFF_DOMAIN_FOREIGN) or (
        known <= OFF_DOMAIN_FAR_WORDS and closest < OFF_DOMAIN_FAR
    )


def meaning_closeness(signals: dict[str, float]) -> float:
    """The answer's closest cosine to the question, the reference, the key points (their
    semantic coverage) and its best sentence to the reference: how near in meaning it comes
    to anything the question is about."""
    return max(signals.get(name, 0.0) for name in MEANING_SIGNALS)


def relevance_of(signals: dict[str, float]) -> float:
    """0..1: how much the answer is about the question (every kind, reference or not)."""
    lexical = (
        0.45 * signals.get("align_precision", 0.0)
        + 0.9 * signals.get("question_overlap", 0.0)
        + 0.9 * signals.get("align_recall", 0.0)
    )
    semantic = signals.get("semantic_question")
    if semantic is not None:
        lexical = max(lexical, (semantic - 0.1) / 0.45)
    return round(min(max(lexical, 0.0), 1.0), 3)


def without_spans(text: str, spans: Sequence[tuple[int, int]]) -> str | None:
    """``text`` with ``spans`` cut out (the pieces left joined by a space), or None when
    nothing is cut or nothing is left."""
    if not spans:
        return None
    pieces, position = [], 0
    for start, end in merge_spans(list(spans)):
        pieces.append(text[position:start].strip())
        while end < len(text) and text[end] in ".!?;,":
            end += 1  # the sentence's own full stop goes with it
        position = max(position, end)
    pieces.append(text[position:].strip())
    left = " ".join(p for p in pieces if p)
    return left if left and left != text.strip() else None


def _requote(flag: FlagDetail, text: str, *, first_only: bool = False) -> FlagDetail:
    """Evidence found in the blanked answer, quoted from the answer itself (same offsets)."""
    quoted = [
        Evidence(text[e.start : e.end], e.start, e.end)
        if (index == 0 or not first_only) and e.turn_id is None
        else e
        for index, e in enumerate(flag.evidence)
    ]
    return FlagDetail(flag.flag, flag.detail, quoted)


class EmbeddedScorer:
    """Scores answers against a rubric without any model call (see module doc for the scale)."""

    id = SCORER_ID
    version = SCORER_VERSION

    def __init__(
        self, calibration: Calibration | None = None, encoder: Encoder | None = None
    ) -> None:
        self.calibration = calibration or load_calibration()
        self.encoder = encoder

    @property
    def name(self) -> str:
        return f"{self.id}/{self.version}"

    def score(
        self, answer: str, question: Question, context: InterviewContext | None = None
    ) -> Score:
        descriptors = [question.descriptors[k] for k in sorted(question.descriptors)]
        return self.score_target(answer, target_of(question), context, descriptors=descriptors)

    def score_target(
        self,
        answer: str,
        target: Target,
        context: InterviewContext | None = None,
        *,
        descriptors: Sequence[str] = (),
    ) -> Score:
        """Score ``answer``; ``descriptors`` are the question's level descriptors (reciting
        them earns nothing).

        Padding never raises a score, by construction: when the masking set copies, stock
        fluff or asides aside, the answer is also scored with them cut out, and the lower
        value stands (the flags and evidence stay the whole answer's)."""
        assessment = self.assess(answer, target, context, descriptors=descriptors)
        score = self.finish(answer, assessment, self.model())
        if score.value is None:
            return score
        # the copies and fluff alone, then the asides too (an aside of the answer itself is
        # only set aside beside padding that names the topic); and each again without the
        # sentences that name nothing concrete (fluff in words no list holds)
        padding, vague = assessment.padding_said, assessment.vague
        cuts = [padding, [*padding, *assessment.asides]]
        cuts += [[*cut, *vague] for cut in cuts] if vague else []
        for unpadded in dict.fromkeys(without_spans(answer, spans) for spans in cuts):
            if unpadded is None:
                continue
            alone = self.finish(
                unpadded,
                self.assess(unpadded, target, context, descriptors=descriptors),
                self.model(),
            )
            if alone.value is not None and score.value is not None and alone.value < score.value:
                score = replace(score, value=alone.value)
        return score

    # ------------------------------------------------------------------ steps

    def assess(
        self,
        answer: str,
        target: Target,
        context: InterviewContext | None = None,
        *,
        descriptors: Sequence[str] = (),
    ) -> Assessment:
        """Signals, key points and flags of ``answer`` (no calibration yet)."""
        assessment = Assessment(target=target)
        if not answer.strip():
            assessment.unscored_reason = "empty answer"
            return assessment
        text = answer[:MAX_ANALYSED_CHARS]
        if flag_rules.non_english_share(text) >= 0.5:
            detail = flag_rules.off_topic(text, 0.0, 0)
            assessment.flags.extend([detail] if detail else [])
            assessment.unscored_reason = "the answer is not in English"
            return assessment

        view = mask_answer(
            text, target, descriptors, self.encoder, context.prompt if context else None
        )
        framed, unclaimed, masked = view.framed, view.unclaimed, view.masked
        self._trick_flags(assessment, text, view.injected, unclaimed)
        # a stock sentence that names a reference word ("keep everyone aligned") is read, but
        # the answer is also scored without it: padding never raises a score
        assessment.padding_said = [*unclaimed.repeats, *unclaimed.fluff, *unclaimed.stock]
        assessment.asides = list(unclaimed.asides)
        assessment.vague = list(unclaimed.vague)

        analysis = analyse(text, masked, target, self.encoder, context, heard=view.heard)
        signals = dict(analysis.signals)
        # stock words ("passionate", "best practices") say nothing: they are not content
        words = sum(not is_stock(t.stem) for t in content_tokens(tokenize(masked)))
        dont_know = analysis.dont_know
        if words == 0 and unclaimed.fluff and not assessment.flags:
            assessment.flags.append(
                FlagDetail(
                    Flag.EVASIVE,
                    "Generic statements naming no step, tool, number or mechanism: no credit.",
                    [Evidence(text[s:e], s, e) for s, e in unclaimed.fluff],
                )
            )
        tricked = bool(assessment.flags)  # what the tricks hid is flagged already
        skip = dont_know is not None or (tricked and words == 0)
        short = None if skip else flag_rules.too_short(masked, words)
        signals["dont_know"] = 1.0 if dont_know else 0.0
        signals["too_short"] = 1.0 if short else 0.0
        signals["content_words"] = float(words)
        assessment.signals = signals
        assessment.hits, assessment.missed = analysis.hits, analysis.missed
        # "I'm not sure what else to add there" is about nothing, though as the second answer
        # of its exchange every word of it was said before (it read 0.6 to its follow-up)
        assessment.relevance = (
            0.0
            if words == 0 or dont_know is not None
            else max(
                relevance_of(analysis.own_signals),
                analysis.prompt_relevance or 0.0,
                self._subject_relevance(view.heard, target),
            )
        )
        assessment.lowest = dont_know is not None or words == 0
        assessment.turn_relevance = analysis.prompt_relevance or 0.0
        assessment.said_words = words + sum(
            not is_stock(t.stem)
            for start, end in unclaimed.asides
            for t in content_tokens(tokenize(text[start:end]))
        )
        said = assessment.said_words
        if not assessment.lowest and foreign(signals, said, assessment.turn_relevance):
            assessment.relevance = min(assessment.relevance, OFF_DOMAIN_RELEVANCE)

        # a short reply to a follow-up ("Call wait on them.") answers it; the exchange is
        # judged as a whole, and "ask a follow-up" is what was just done
        replying = context is not None and bool(context.exchange)
        found = [dont_know, None if replying else short]
        if not assessment.lowest:
            found.append(flag_rules.off_topic(masked, assessment.relevance, words, text))
            found.append(
                flag_rules.evasive(
                    masked, signals["coverage"], signals["specificity"], target.question_text
                )
            )
        # a red flag counts wherever it is said, even inside a list or fluff
        found.extend(flag_rules.red_flags(framed, tokenize(framed), target))
        # a claim or a statement said as an aside is still one to ask about ("We cut MTTR by
        # 60% after the migration." beside the incident story, "We never ran Prometheus" after
        # a list of buzzwords): claims and contradictions read the answer with its asides kept
        heard = view.heard
        found.extend(flag_rules.unsupported_claims(heard, context.exchange if context else []))
        found.extend(self_contradictions(heard))
        own = [_requote(f, text) for f in found if f is not None]
        for flag in prior_contradictions(heard, earlier_answers(context)):
            own.append(_requote(flag, text, first_only=True))
        assessment.flags.extend(own)
        assessment.main_point_wrong = authored(target) and assessment.has(Flag.RED_FLAG)
        if not assessment.lowest and target.scored:  # an unscored question's anchors: unread
            self._main_point(assessment, text, masked)
        signals["off_topic"] = 1.0 if assessment.has(Flag.OFF_TOPIC) else 0.0
        if assessment.has(Flag.OFF_TOPIC) and off_domain(assessment):
            assessment.lowest = True
            assessment.relevance = min(assessment.relevance, OFF_DOMAIN_RELEVANCE)
        signals["evasive"] = 1.0 if assessment.has(Flag.EVASIVE) else 0.0
        if not target.scored:
            assessment.unscored_reason = f"{target.kind.value} questions are not scored"
        return assessment

    def _subject_relevance(self, masked: str, target: Target) -> float:
        """Relevance by how a catalog question describes its answers (its anchors and red
        flags: scoring.relevance), with the encoder; 0 otherwise. ``masked`` keeps the
        asides: "Honestly on-call is supposed to be hard" is set aside as about another
        thing, yet it is what anchor 1 of the on-call question describes."""
        if self.encoder is None or not authored(target) or len(target.anchors) != ANCHORS:
            return 0.0
        return subject_relevance(masked, [*target.anchors, *target.wrong_texts], self.encoder)

    @staticmethod
    def _trick_flags(
        assessment: Assessment, text: str, injected: list[tuple[int, int]], unclaimed: NonClaims
    ) -> None:
        def quote(spans: list[tuple[int, int]]) -> list[Evidence]:
            return [Evidence(text[s:e], s, e) for s, e in spans]

        if injected or has_dangerous_markup(text):
            assessment.flags.append(
                FlagDetail(
                    Flag.INJECTION,
                    "Text addressed to the grader or active markup: ignored, earns no credit.",
                    quote(injected),
                )
            )
        kinds = [
            (unclaimed.term_lists, "a list of terms with no claim about them"),
            (unclaimed.salads, "words in no grammatical order"),
            (unclaimed.recitals, "the question's own level descriptors recited"),
        ]
        said = [detail for spans, detail in kinds if spans]
        if said:
            spans = sorted(s for spans, _ in kinds for s in spans)
            assessment.flags.append(
                FlagDetail(Flag.STUFFING, "Earns no credit: " + "; ".join(said) + ".", quote(spans))
            )
        if unclaimed.meta:
            assessment.flags.append(
                FlagDetail(
                    Flag.EVASIVE,
                    "Says what a good answer would contain without giving it: earns no credit.",
                    quote(unclaimed.meta),
                )
            )

    def _main_point(self, assessment: Assessment, text: str, masked: str) -> None:
        """The lean to the question's wrong anchors (signals), flagged with its sentence when
        it marks the answer wrong on the main point (see scoring.anchors). A red-flag phrase
        in an answer nearer the higher anchors is quoted, not meant ("we moved off the
        page-on-every-error rule"): it keeps its flag but not the cap."""
        if not authored(assessment.target):
            return
        words = anchors.word_lean(masked, assessment.target)
        if words is not None:
            assessment.signals["anchor_words"] = words
        if self.encoder is None:
            if assessment.has(Flag.RED_FLAG) and words is not None:
                assessment.main_point_wrong = words > anchors.QUOTED_RED_FLAG_WORDS
            return
        found = anchors.lean(masked, assessment.target, self.encoder)
        if found is not None:
            assessment.signals["anchor_claim"] = found.claim
            assessment.signals["anchor_answer"] = found.answer
            if assessment.has(Flag.RED_FLAG):
                assessment.main_point_wrong = found.answer > anchors.QUOTED_RED_FLAG
            elif found.main_point_wrong:
                assessment.main_point_wrong = True
                assessment.flags.append(
                    FlagDetail(
                        Flag.RED_FLAG,
                        f"Wrong on the main point: this says what the question's wrong answer "
                        f"says ({found.wrong!r}), nearer it than any key point or higher anchor.",
                        [Evidence(text[found.start : found.end], found.start, found.end)],
                    )
                )
        if not assessment.main_point_wrong:
            self._misconception(assessment, text, masked, found)

    def _misconception(
        self, assessment: Assessment, text: str, masked: str, lean: anchors.Lean | None
    ) -> None:
        """A sentence asserting a misconception of a key point, in an answer leaning to
        anchor 1 (scoring.misconceptions): wrong on the main point, capped at anchor 2 and
        quoted."""
        assert self.encoder is not None
        credited = {
            hit.key_point: [(e.start, e.end) for e in hit.evidence if e.turn_id is None]
            for hit in assessment.hits
        }
        said = asserted(masked, assessment.target, self.encoder, credited)
        if said is None or not holds(said, lean):
            return
        assessment.main_point_wrong = True
        point = next(p for p in assessment.target.points if p.id == said.point)
        assessment.flags.append(
            FlagDetail(
                Flag.RED_FLAG,
                f"Wrong on the main point: asserts the misconception {said.misconception!r} "
                f"(key point: {point.text!r}).",
                [Evidence(text[said.start : said.end], said.start, said.end)],
            )
        )

    def finish(self, answer: str, assessment: Assessment, model: LinearModel) -> Score:
        """Turn an assessment into a Score with ``model`` (the shipped or a fold's calibration)."""
        target = assessment.target
        value: float | None = None
        quality: float | None = None
        if assessment.unscored_reason is None:
            quality = self.dev_quality(assessment, model)
            levels = self.calibration.level_model(self.encoder is not None, target.story)
            if levels is not None and authored(target) and not assessment.lowest:
                quality = levels.predict_one(level_signals(assessment, quality))
            quality = min(quality, rubric_cap(assessment), wrong_cap(assessment))
            for flag in {f.flag.value for f in assessment.flags}:
                quality *= self.calibration.penalties.get(flag, 1.0)
            value = round(target.min_score + quality * (target.max_score - target.min_score), 3)
        signals = {k: round(v, 4) for k, v in assessment.signals.items()}
        signals["semantic"] = 1.0 if self.encoder is not None else 0.0
        if quality is not None:
            signals["quality"] = round(quality, 4)
        return Score(
            value=value,
            relevance=assessment.relevance,
            key_points_hit=assessment.hits,
            key_points_missed=assessment.missed,
            flags=assessment.flags,
            confidence=self._confidence(assessment),
            scorer=self.name,
            max_score=target.max_score,
            reason=assessment.unscored_reason,
            signals=signals,
        )

    def model(self) -> LinearModel:
        """The shipped calibration for this scorer (with or without the encoder)."""
        return self.calibration.model(self.encoder is not None)

    def dev_quality(self, assessment: Assessment, model: LinearModel | None = None) -> float:
        """0..1 from the dev-data calibration (before the level of a catalog question)."""
        if assessment.lowest:
            return 0.0
        return (model or self.model()).predict_one(assessment.signals)

    def _confidence(self, assessment: Assessment) -> float:
        """How much to trust the value: lower for short answers, ad-hoc rubrics and flags."""
        if assessment.unscored_reason is not None:
            return 0.0
        if assessment.lowest:
            return 0.9
        words = assessment.signals.get("content_words", 0.0)
        confidence = 0.45 + 0.25 * min(words / 25.0, 1.0)
        if self.encoder is not None:
            confidence += 0.1
        if assessment.target.points and not assessment.target.points[0].adhoc:
            confidence += 0.1
        confidence -= 0.1 * sum(
            f.flag in {Flag.OFF_TOPIC, Flag.EVASIVE, Flag.INJECTION, Flag.STUFFING}
            for f in assessment.flags
        )
        return round(min(max(confidence, 0.05), 0.95), 2)


def factory(settings: Settings) -> EmbeddedScorer:
    """The ``embedded`` entry point: the shipped calibration, MiniLM when ``settings`` allow."""
    return EmbeddedScorer(encoder=load_encoder(settings.semantic))
