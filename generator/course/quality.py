"""Item-writing checks: cues that let a participant score without knowing the answer.

After the guidelines summarised by Haladyna, Downing & Rodriguez (2002), "A review of
multiple-choice item-writing guidelines for classroom assessment": balance the key's position,
keep options alike in length, avoid "all/none of the above", offer plausible distractors, word
stems positively or make the negative stand out. Pure: models and documents in, Problems out.

Every finding is a warning with a stable rule id (`Problem.rule`); a course's `quality:` settings
switch rules off, change thresholds, or make the findings errors. Positions are counted in the
order written: worksheets, answer keys and presentation mode show that order even when the
participants' page shuffles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache, lru_cache
from itertools import pairwise

from generator.course.yamlsource import Document, Loc
from generator.i18n import DEFAULT_LANGUAGE, true_false, word_list
from generator.problems import Problem, problem
from generator.schema import GRADED_KINDS, Option, Quality, Question, Quiz, option_id

# Options that answer for the others ("all of the above"), in both languages, after normalising
_ABOVE = re.compile(
    r"(semua|seluruh)( (jawaban|pilihan|opsi|pernyataan))?( (di atas|tersebut))?( (benar|tepat|salah))?"
    r"|(semua|seluruh) (jawaban|pilihan|opsi|pernyataan) (di atas|tersebut)"
    r"|tidak ada( (jawaban|pilihan|opsi|pernyataan))?( yang)? (benar|tepat|salah)( (di atas|tersebut))?"
    r"|tidak (satu|satupun|satu pun)( (jawaban|pilihan|opsi))?( yang)? (benar|tepat)"
    r"|(all|none|any) of (the above|these|them|the options|the answers)( (are|is) (correct|true|right))?"
    r"|all the above|all (are|answers are) (correct|true)|(a|b|c) and (b|c|d)( are)?( (correct|true))?"
    r"|(a|b|c), (b|c), dan (c|d)( benar)?|(a|b|c) dan (b|c|d)( benar)?"
)
# Negative words of a stem, and the yes/no tail ("... atau bukan?") that is no negative stem
_NEGATIVE = re.compile(r"(?<![\w*_])(tidak|bukan|kecuali|not|except|never)(?![\w*_])", re.IGNORECASE)
_YES_NO_TAIL = re.compile(r"(atau|or)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class KeyFigures:
    """What an answer key looks like, counted in the order written."""

    single: int  # single-choice questions
    positions: tuple[int, ...]  # keys at option a, b, c ... of the single-choice questions
    longest: int  # single-choice questions whose key is the longest option
    multiple: int  # multiple-choice questions
    multiple_first: int  # ... whose correct options are the first ones written
    true_false: int
    true_answers: int  # true_false keyed true (the first label)


def key_figures(quiz: Quiz) -> KeyFigures:
    singles = [q for q in quiz.questions if q.type == "single" and q.options]
    multiples = [q for q in quiz.questions if q.type == "multiple" and q.options]
    tfs = [q for q in quiz.questions if q.type == "true_false" and q.answer is not None]
    counts: Counter[int] = Counter()
    for q in singles:
        counts.update(i for i, o in enumerate(q.options or []) if o.correct)
    width = max((len(q.options or []) for q in singles), default=0)
    return KeyFigures(
        single=len(singles),
        positions=tuple(counts[i] for i in range(width)),
        longest=sum(_key_is_longest(q) for q in singles),
        multiple=len(multiples),
        multiple_first=sum(_keys_first(q) for q in multiples),
        true_false=len(tfs),
        true_answers=sum(bool(q.answer) for q in tfs),
    )


def check_quiz(
    quiz: Quiz,
    doc: Document,
    settings: Quality,
    language: str = DEFAULT_LANGUAGE,
    labels: list[str] | None = None,
) -> list[Problem]:
    """Every item-writing finding of one quiz, as warnings (errors under `strict`). `language`
    chooses the word lists; `labels` names the true/false answers (the course's, or the language's)."""
    off = set(settings.disabled)
    words = Words.of(language)
    labels = labels or true_false(language)
    found = [
        p
        for p in [
            *_quiz_rules(quiz, doc, settings),
            *_question_rules(quiz, doc, settings),
            *_word_rules(quiz, doc, settings, words, labels),
        ]
        if p.rule not in off
    ]
    if settings.strict:
        found = [replace(p, severity="error") for p in found]
    return found


def check(
    quizzes: Iterable[tuple[Quiz, Document]],
    settings: Quality,
    language: str = DEFAULT_LANGUAGE,
    labels: list[str] | None = None,
) -> list[Problem]:
    return [p for quiz, doc in quizzes for p in check_quiz(quiz, doc, settings, language, labels)]


# ---- rules over a whole quiz (or bank: a quiz with `draw` is its own bank)


def _quiz_rules(quiz: Quiz, doc: Document, s: Quality) -> Iterator[Problem]:
    figures = key_figures(quiz)
    singles = [q for q in quiz.questions if q.type == "single" and q.options]
    if figures.single >= s.key_position_min_questions:
        yield from _key_position(singles, figures, doc, s)
    if figures.multiple >= 2 and figures.multiple_first == figures.multiple:
        yield _finding(doc, ("questions",), "multiple-key-position", count=figures.multiple)
    if figures.single >= s.longest_option_min_questions:
        share = Fraction(figures.longest, figures.single)
        if share * 100 > s.longest_option_max_share:
            yield _finding(
                doc, ("questions",), "longest-option", count=figures.longest, total=figures.single,
                percent=_percent(share), limit=s.longest_option_max_share,
            )  # fmt: skip
    if figures.true_false >= s.true_false_min_questions:
        share = Fraction(figures.true_answers, figures.true_false)
        low, high = s.true_false_min_share, 100 - s.true_false_min_share
        if not low <= share * 100 <= high:
            yield _finding(
                doc, ("questions",), "true-false-balance", first=figures.true_answers,
                second=figures.true_false - figures.true_answers, percent=_percent(share), low=low, high=high,
            )  # fmt: skip
    if quiz.kind in GRADED_KINDS and not quiz.shuffle_options and s.unshuffled_reason is None:
        where: Loc = ("shuffle_options",) if "shuffle_options" in (doc.data or {}) else ("kind",)
        yield _finding(doc, where, "unshuffled-graded", kind=quiz.kind)


def _key_position(
    singles: list[Question], figures: KeyFigures, doc: Document, s: Quality
) -> Iterator[Problem]:
    # What each position would hold if keys were spread evenly over each question's options; the
    # limit for four options is `key_position_max_share`, scaled for other counts by the same ratio
    expected = [Fraction(0)] * len(figures.positions)
    for q in singles:
        n = len(q.options or [])
        for i in range(n):
            expected[i] += Fraction(1, n)
    ratio = Fraction(s.key_position_max_share * 4, 100)
    for i, count in enumerate(figures.positions):
        if count > 1 and count > expected[i] * ratio:
            limit = _percent(expected[i] * ratio / figures.single)
            yield _finding(
                doc, ("questions",), "key-position", letter=option_id(i).upper(), count=count,
                total=figures.single, percent=_percent(Fraction(count, figures.single)), limit=limit,
            )  # fmt: skip


# ---- rules over one question


def _question_rules(quiz: Quiz, doc: Document, s: Quality) -> Iterator[Problem]:
    for i, q in enumerate(quiz.questions):
        here: Loc = ("questions", i)
        options = q.options or []
        if q.type == "single" and options and len(options) < s.min_options:
            yield _finding(doc, (*here, "options"), "few-options", count=len(options), least=s.min_options)
        if q.type == "single" and _key_is_longest(q) and len(options) > 1:
            key = next(o for o in options if o.correct)
            longest = max(_length(o) for o in options if not o.correct)
            if _length(key) > s.longest_option_max_ratio * longest:
                at = (*here, "options", options.index(key))
                yield _finding(
                    doc, at, "longest-option-question", length=_length(key), other=longest,
                    ratio=f"{_length(key) / longest:.2f}", limit=s.longest_option_max_ratio,
                )  # fmt: skip
        seen: dict[str, int] = {}
        for j, option in enumerate(options):
            at = (*here, "options", j)
            text = _normal(option.text)
            if _ABOVE.fullmatch(text):
                yield _finding(doc, at, "all-none-above", text=option.text.strip())
            if text in seen:
                yield _finding(doc, at, "duplicate-options", letter=option_id(seen[text]).upper())
            seen.setdefault(text, j)
            if quiz.kind == "practice" and not option.correct and not option.feedback:
                yield _finding(doc, at, "distractor-feedback", letter=option_id(j).upper())
        word = negative_word(q.prompt)
        if word:
            yield _finding(doc, (*here, "prompt"), "negative-stem", word=word)


def negative_word(prompt: str) -> str | None:
    """The first negative word of a stem that is neither in bold nor in capitals, if any."""
    for match in _NEGATIVE.finditer(prompt):
        word = match[1]
        if word.isupper() and len(word) > 1:
            continue
        if _YES_NO_TAIL.search(prompt[: match.start()]):
            continue  # "Pelanggaran atau bukan?" asks yes or no
        before = prompt[: match.start()]
        bold = before.count("**") % 2 or before.count("__") % 2
        if bold or before.count("<strong>") > before.count("</strong>"):
            continue
        return word
    return None


# ---- rules that read words


@dataclass(frozen=True)
class Words:
    """The word lists of one language, and the tokenizer the word rules share."""

    absolute: re.Pattern[str]
    stopwords: frozenset[str]

    @staticmethod
    def of(language: str) -> Words:
        return _words(language)

    def tokens(self, text: str) -> list[str]:
        return list(_tokens(text))

    def terms(self, text: str) -> set[str]:
        """The words of a text that are no stopwords, and its two-word phrases that are not two stopwords."""
        tokens = _tokens(text)
        stop = self.stopwords
        found = {t for t in tokens if t not in stop}
        found.update(f"{a} {b}" for a, b in pairwise(tokens) if a not in stop or b not in stop)
        return found

    def distinctive(self, text: str, min_length: int) -> set[str]:
        """Content words: no stopword, and long enough or holding a digit (a law's number, 20/2023)."""
        return {
            t
            for t in _tokens(text)
            if t not in self.stopwords and (len(t) >= min_length or any(c.isdigit() for c in t))
        }

    def absolutes(self, text: str) -> list[str]:
        return [" ".join(m.split()) for m in self.absolute.findall(text.casefold())]


# A word: letters and digits, kept whole across "/", "-" and "." inside it (UU 20/2023, satu-satunya)
_TOKEN = re.compile(r"\w+(?:[/.-]\w+)*")


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[str, ...]:
    # The word rules read a quiz's stems and options three times over (cue words, common words, stem
    # overlap): each text is split once. A quiz's texts fit in the cache; a larger one is only slower
    return tuple(_TOKEN.findall(text.casefold()))


@cache
def _words(language: str) -> Words:
    phrases = sorted(word_list(language, "absolute"), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return Words(
        absolute=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"),
        stopwords=frozenset(word_list(language, "stopwords")),
    )


@dataclass(frozen=True)
class WordCue:
    """A word or phrase whose presence in a true/false item predicts its key."""

    term: str
    key: bool  # the key it predicts
    count: int  # items keyed `key` that hold it
    other: int  # items keyed the other way that hold it
    first: int  # index (in quiz.questions) of the first item keyed `key` that holds it


def word_cues(quiz: Quiz, words: Words, s: Quality) -> list[WordCue]:
    """True/false cue words of a bank, strongest first; a phrase only when it says more than its words."""
    counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    items = [(i, bool(q.answer), words.terms(_stem(q))) for i, q in _true_false_items(quiz)]
    for _, key, terms in items:
        counts[key].update(terms)
    chosen = [
        (term, key, n)
        for key in (True, False)
        for term, n in counts[key].items()
        if n >= s.word_cue_min and counts[not key][term] <= s.word_cue_max_other
    ]
    # The first item that holds each chosen term: one more pass, over the few chosen terms only
    first: dict[tuple[str, bool], int] = {}
    pending: dict[bool, set[str]] = {True: set(), False: set()}
    for term, key, _ in chosen:
        pending[key].add(term)
    for i, key, terms in items:
        for term in pending[key].intersection(terms):
            first[term, key] = i
            pending[key].discard(term)
    cues = [WordCue(term, key, n, counts[not key][term], first[term, key]) for term, key, n in chosen]
    single = {(c.term, c.key): (c.count, c.other) for c in cues if " " not in c.term}
    cues = [
        c
        for c in cues
        if " " not in c.term or all(single.get((w, c.key)) != (c.count, c.other) for w in c.term.split())
    ]
    return sorted(cues, key=lambda c: (c.other - c.count, c.first, c.term))


@dataclass(frozen=True)
class AbsoluteFigures:
    keys: int  # keys holding an absolute word
    key_total: int
    distractors: int  # distractors holding one
    distractor_total: int
    words: tuple[str, ...]  # the absolute words found, most frequent first

    @property
    def options(self) -> int:
        return self.keys + self.distractors

    def side(self, ratio: float) -> bool | None:
        """True: absolute words point at keys; False: at distractors; None: no cue at `ratio`."""
        if not self.key_total or not self.distractor_total:
            return None
        key_rate = Fraction(self.keys, self.key_total)
        distractor_rate = Fraction(self.distractors, self.distractor_total)
        if distractor_rate > key_rate * Fraction(ratio):
            return False
        if key_rate > distractor_rate * Fraction(ratio):
            return True
        return None


def absolute_figures(quiz: Quiz, words: Words) -> AbsoluteFigures:
    found: Counter[str] = Counter()
    keys = key_total = distractors = distractor_total = 0
    for q in quiz.questions:
        if q.type not in ("single", "multiple"):
            continue
        for option in q.options or []:
            hits = words.absolutes(option.text)
            found.update(hits)
            if option.correct:
                key_total += 1
                keys += bool(hits)
            else:
                distractor_total += 1
                distractors += bool(hits)
    most = tuple(w for w, _ in found.most_common())
    return AbsoluteFigures(keys, key_total, distractors, distractor_total, most)


def common_words(quiz: Quiz, words: Words, s: Quality) -> frozenset[str]:
    """Words in too many of a quiz's questions (stem and options) to be distinctive of one."""
    counts: Counter[str] = Counter()
    for q in quiz.questions:
        # The words of the stem and options together (a word never spans the space between them)
        counts.update(set(_tokens(_stem(q))).union(*(_tokens(o.text) for o in q.options or [])))
    most = max(1, len(quiz.questions) * s.stem_overlap_max_share // 100)
    return frozenset(w for w, n in counts.items() if n > most)


def stem_overlap(q: Question, words: Words, s: Quality, common: frozenset[str]) -> list[str]:
    """Distinctive words of the stem that a single-choice key repeats and no distractor has."""
    options = q.options or []
    keys = [o for o in options if o.correct]
    if q.type != "single" or len(keys) != 1 or len(options) < 2:
        return []
    stem = words.distinctive(_stem(q), s.stem_overlap_min_length) - common
    elsewhere: set[str] = set()
    for o in options:
        if not o.correct:
            elsewhere.update(_tokens(o.text))
    shared = words.distinctive(keys[0].text, s.stem_overlap_min_length) & stem
    return sorted(shared - elsewhere)


def _word_rules(quiz: Quiz, doc: Document, s: Quality, words: Words, labels: list[str]) -> Iterator[Problem]:
    tfs = [q for _, q in _true_false_items(quiz)]
    totals = {True: sum(bool(q.answer) for q in tfs), False: sum(not q.answer for q in tfs)}
    for cue in word_cues(quiz, words, s):
        yield _finding(
            doc, ("questions", cue.first, "scenario" if quiz.questions[cue.first].scenario else "prompt"),
            "true-false-word-cue", term=cue.term, count=cue.count, total=totals[cue.key],
            label=labels[not cue.key], other=cue.other, other_total=totals[not cue.key],
            other_label=labels[cue.key],
        )  # fmt: skip
    figures = absolute_figures(quiz, words)
    cued = figures.side(s.absolute_words_max_ratio) is not None
    if figures.options >= s.absolute_words_min_options and cued:
        yield _finding(
            doc, ("questions",), "absolute-words", words=", ".join(figures.words[:6]), keys=figures.keys,
            key_total=figures.key_total, key_percent=_percent(Fraction(figures.keys, figures.key_total)),
            distractors=figures.distractors, distractor_total=figures.distractor_total,
            distractor_percent=_percent(Fraction(figures.distractors, figures.distractor_total)),
            limit=s.absolute_words_max_ratio,
        )  # fmt: skip
    common = common_words(quiz, words, s)
    for i, q in enumerate(quiz.questions):
        shared = stem_overlap(q, words, s, common)
        if shared:
            key = next(j for j, o in enumerate(q.options or []) if o.correct)
            yield _finding(doc, ("questions", i, "options", key), "stem-key-overlap", words=", ".join(shared))


# ---- what a participant who knows nothing can expect


@dataclass(frozen=True)
class Guess:
    """Expected score (percent of the quiz's points) of knowledge-free strategies the checks know.

    Each strategy plays its cue on the question type it reads and guesses at random elsewhere;
    `best` plays the best cue on each type. A quiz with `draw` is its bank: a uniform draw expects
    the bank's mean."""

    position: Fraction  # the most frequent key position, on single choice
    longest: Fraction  # the longest option, on single choice
    majority: Fraction  # the more frequent true/false key
    words: Fraction  # word cues: true/false cue words; absolute words and stem overlap on single choice
    best: Fraction


def guess(quiz: Quiz, settings: Quality, language: str = DEFAULT_LANGUAGE) -> Guess:
    words = Words.of(language)
    singles = [q for q in quiz.questions if q.type == "single" and q.options]
    tfs = [q for _, q in _true_false_items(quiz)]
    points = sum(q.points for q in quiz.questions) or 1
    # Chance on every type: the baseline a strategy keeps on the types it does not read
    chance_single = sum(Fraction(q.points, len(q.options or [])) for q in singles)
    chance_tf = sum(Fraction(q.points, 2) for q in tfs)
    other = sum(_chance(q) for q in quiz.questions if q.type == "multiple")

    figures = key_figures(quiz)
    top = max(range(len(figures.positions)), key=lambda i: figures.positions[i], default=0)
    position = sum(Fraction(q.points) for q in singles if _key_at(q, top))
    longest = sum(q.points * _longest_share(q) for q in singles)
    trues = sum(q.points for q in tfs if q.answer)
    tf_points = sum(q.points for q in tfs)
    majority = Fraction(max(trues, tf_points - trues))
    cue_tf = _word_cue_score(tfs, word_cues(quiz, words, settings), words, trues * 2 >= tf_points)
    side = absolute_figures(quiz, words).side(settings.absolute_words_max_ratio)
    common = common_words(quiz, words, settings)
    cue_single = max(
        sum(q.points * _word_share(q, words, settings, common, side, absolute, overlap) for q in singles)
        for absolute, overlap in ((True, False), (False, True), (True, True))
    ) if singles else Fraction(0)  # fmt: skip

    def share(single: Fraction, tf: Fraction) -> Fraction:
        return (single + tf + other) / points

    return Guess(
        position=share(position, chance_tf),
        longest=share(longest, chance_tf),
        majority=share(chance_single, majority),
        words=share(cue_single, cue_tf),
        best=share(max(position, longest, cue_single, chance_single), max(majority, cue_tf, chance_tf)),
    )


def _chance(q: Question) -> Fraction:
    """Picking one option at random: all a multiple-choice question gives away without knowledge."""
    options = q.options or []
    keys = sum(o.correct for o in options)
    if not options or not keys or (keys > 1 and not q.partial):
        return Fraction(0)
    return Fraction(q.points, len(options))


def _key_at(q: Question, position: int) -> bool:
    options = q.options or []
    return position < len(options) and options[position].correct


def _longest_share(q: Question) -> Fraction:
    options = q.options or []
    longest = max(_length(o) for o in options)
    tied = [o for o in options if _length(o) == longest]
    return Fraction(sum(o.correct for o in tied), len(tied))


def _word_cue_score(tfs: list[Question], cues: list[WordCue], words: Words, default: bool) -> Fraction:
    """Answer each true/false item by the cue words it holds (a vote), else by the majority key."""
    weight = {c.term: (1 if c.key else -1) for c in cues}
    total = Fraction(0)
    for q in tfs:
        vote = sum(weight.get(t, 0) for t in words.terms(_stem(q)))
        answer = default if vote == 0 else vote > 0
        total += q.points * (answer == bool(q.answer))
    return total


def _word_share(
    q: Question,
    words: Words,
    s: Quality,
    common: frozenset[str],
    side: bool | None,
    absolute: bool,
    overlap: bool,
) -> Fraction:
    """The chance of the key when guessing among the options the word cues leave."""
    options = list(q.options or [])
    if absolute and side is not None:
        kept = [o for o in options if bool(words.absolutes(o.text)) == side]
        options = kept or options
    if overlap:
        stem = words.distinctive(_stem(q), s.stem_overlap_min_length) - common
        shared = {id(o): len(words.distinctive(o.text, s.stem_overlap_min_length) & stem) for o in options}
        most = max(shared.values(), default=0)
        if most:
            options = [o for o in options if shared[id(o)] == most]
    return Fraction(sum(o.correct for o in options), len(options))


def _true_false_items(quiz: Quiz) -> list[tuple[int, Question]]:
    return [(i, q) for i, q in enumerate(quiz.questions) if q.type == "true_false" and q.answer is not None]


def _stem(q: Question) -> str:
    return f"{q.scenario or ''}\n{q.prompt}"


# ---- helpers


def _finding(doc: Document, loc: Loc, rule: str, /, **values: object) -> Problem:
    # At the key (`questions:`, `options:`), not at the first item of its list
    line, column = doc.where(loc, key=True)
    found = problem(doc.path, line, column, "quality_" + rule.replace("-", "_"), severity="warning", **values)
    return replace(found, rule=rule, hint=("quality_advice_" + rule.replace("-", "_"), found.values))


def _length(option: Option) -> int:
    return len(" ".join(option.text.split()))


def _key_is_longest(q: Question) -> bool:
    """The key is strictly longer than every distractor."""
    options = q.options or []
    keys = [o for o in options if o.correct]
    others = [_length(o) for o in options if not o.correct]
    return len(keys) == 1 and bool(others) and _length(keys[0]) > max(others)


def _keys_first(q: Question) -> bool:
    """The correct options of a multiple-choice question are the first ones written."""
    flags = [o.correct for o in q.options or []]
    count = sum(flags)
    return 0 < count < len(flags) and all(flags[:count])


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s,]", " ", text.casefold()).replace(",", ", ").split()).replace(" ,", ",")


def _percent(share: Fraction) -> int:
    return round(share * 100)
