"""Typed models from YAML documents, with pydantic's findings turned into plain-word Problems."""

from __future__ import annotations

import dataclasses
import difflib
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.problems import Problem, problem
from generator.yamlsource import Document, Loc, describe

M = TypeVar("M", bound=BaseModel)

_SIMPLE = {
    "int_type": "want_int",
    "int_parsing": "want_int",
    "int_from_float": "want_int",
    "bool_type": "want_bool",
    "bool_parsing": "want_bool",
    "list_type": "want_list",
    "dict_type": "want_mapping",
    "model_type": "want_mapping",
    "model_attributes_type": "want_mapping",
    "string_too_short": "not_empty",
}


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The model for a document, or the problems that stand in its way (never both)."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(doc, model, error) for error in exc.errors()]


def _problem(doc: Document, model: type[BaseModel], error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}

    def at(msg: str, where: Loc = loc, **values: object) -> Problem:
        line, column = doc.where(where)
        return problem(doc.path, line, column, msg, **values)

    if kind == "missing":
        return at("missing", loc[:-1], key=str(loc[-1]))
    if kind == "extra_forbidden":
        return _unknown_key(doc, model, loc)
    if kind in _SIMPLE:
        return at(_SIMPLE[kind], got=describe(value), limit=ctx.get("min_length", ""))
    if kind == "string_type":
        # Numbers and dates that were meant as text are the usual slip (version: 2026.1).
        if value is not None and not isinstance(value, (list, dict, bool)):
            return at("want_string_hint", got=describe(value), value=value)
        return at("want_string", got=describe(value))
    if kind == "string_pattern_mismatch":
        return at("bad_slug", value=value)
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace(" or ", ", ")
        return at("want_choice", choices=choices, value=describe(value))
    if kind == "greater_than_equal":
        return at("want_min", limit=ctx.get("ge"), value=value)
    if kind == "less_than_equal":
        return at("want_max", limit=ctx.get("le"), value=value)
    if kind in ("too_short", "too_long"):
        if loc and loc[-1] == "true_false_labels":
            return at("want_two_labels")
        if kind == "too_short":
            return at("want_min_items", limit=ctx.get("min_length"))
        return at("want_max_items", limit=ctx.get("max_length"))
    return at("invalid", detail=error.get("msg", kind))


def _unknown_key(doc: Document, model: type[BaseModel], loc: Loc) -> Problem:
    key = str(loc[-1])
    line, column = doc.where(loc, key=True)
    allowed = _fields_at(model, loc[:-1])
    base = problem(doc.path, line, column, "unknown_key", key=key)
    if not allowed:
        return base
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = ("did_you_mean", (("suggestion", close[0]),))
    else:
        hint = ("allowed_keys", (("keys", ", ".join(allowed)),))
    return dataclasses.replace(base, hint=hint)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at `loc`, found by walking the model's annotations."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif origin is list:
            annotation = get_args(annotation)[0]
        elif origin is dict:
            annotation = get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []
