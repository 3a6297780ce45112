"""The concealed answer key of a quiz page: correct ids, explanations and feedback, obfuscated.

The browser's `reveal()` in `assets/js/ui.js` mirrors `conceal()` byte for byte. This hides answers
from a glance at the page source; it is not security (README, "How answers are kept out of sight").
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from generator.schema import Question, Quiz
from generator.templating import environment

# Question id -> field (scenario, explanation, an option id for its feedback, discussion) -> HTML
Parts = dict[str, dict[str, str]]
TEMPLATES = Path(__file__).parent / "templates"


def answer_key(quiz: Quiz, secrets: Parts, discussion: bool = False) -> dict[str, Any]:
    """The data the runtime scores and explains with, per question: correct ids and secret HTML.

    The facilitator's page adds each question's discussion prompt ("d")."""
    return {
        q.id: {
            "c": q.correct_ids(),
            "e": secrets.get(q.id, {}).get("explanation", ""),
            "f": _feedback(q, secrets),
            **({"d": secrets.get(q.id, {}).get("discussion", "")} if discussion else {}),
        }
        for q in quiz.questions
    }


def _feedback(question: Question, secrets: Parts) -> dict[str, str]:
    found = secrets.get(question.id, {})
    return {oid: found[oid] for oid in question.option_ids() if oid in found}


def key_element(quiz: Quiz, course_id: str, version: str, secrets: Parts, discussion: bool = False) -> str:
    """The concealed answer key, as the element the runtime reads it from."""
    seed = seed_for(course_id, version, quiz.id)
    blob = conceal(answer_key(quiz, secrets, discussion), seed)
    return (
        environment(TEMPLATES)
        .get_template("key.html.j2")
        .render(quiz_id=quiz.id, seed=seed, blob=blob)
        .strip()
    )


def restore_key(quiz: Quiz) -> dict[str, Any]:
    """What re-scoring a results code needs, in bank order: the certificate page restores a passed
    attempt from the exam's code with these and scoring.js, as `latih verify` does (results.verify)."""
    return {
        "draw": quiz.draw or len(quiz.questions),
        "questions": [
            {
                "id": q.id,
                "type": q.type,
                "topic": q.topic or "",
                "points": q.points,
                "partial": bool(q.partial),
                "options": q.option_ids(),
                "correct": q.correct_ids(),
            }
            for q in quiz.questions
        ],
    }


def restore_key_element(quiz: Quiz, course_id: str, version: str) -> str:
    """The certificate quiz's scoring key, concealed like a quiz page's answer key."""
    seed = seed_for(course_id, version, quiz.id)
    blob = conceal(restore_key(quiz), seed)
    template = environment(TEMPLATES).get_template("restore-key.html.j2")
    return template.render(quiz_id=quiz.id, seed=seed, blob=blob).strip()


def seed_for(course_id: str, version: str, quiz_id: str) -> str:
    return hashlib.sha256(f"{course_id}\n{version}\n{quiz_id}".encode()).hexdigest()[:16]


KEY_PERIOD = 4096


@cache
def _key_block(seed: str) -> bytes:
    return _xorshift(seed, KEY_PERIOD)


def _keystream(seed: str, length: int) -> bytes:
    # A repeating block keeps big quizzes fast; this hides answers from a glance, nothing more.
    block = _key_block(seed)
    return (block * (length // KEY_PERIOD + 1))[:length]


def _xor(data: bytes, seed: str) -> bytes:
    stream = _keystream(seed, len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def _xorshift(seed: str, length: int) -> bytes:
    # xorshift32 from an FNV-1a hash of the seed; the browser's reveal() mirrors it exactly.
    state = 2166136261
    for byte in seed.encode():
        state = ((state ^ byte) * 16777619) & 0xFFFFFFFF
    state = state or 1
    out = bytearray()
    for _ in range(length):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        out.append(state & 0xFF)
    return bytes(out)


def conceal(data: Any, seed: str) -> str:
    """Obfuscate (not encrypt) JSON so no answer is readable in the page source."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.b64encode(_xor(raw, seed)).decode()


def reveal(blob: str, seed: str) -> Any:
    return json.loads(_xor(base64.b64decode(blob), seed))
