"""Typed models from YAML documents, with pydantic's findings turned into plain-word Problems."""

from __future__ import annotations

import dataclasses
import difflib
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.course.yamlsource import Document, Loc, describe
from generator.problems import Problem, problem

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
        return problem(doc.path, line, column, msg, field=doc.original(where), **values)

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
        choices = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
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
    base = problem(doc.path, line, column, "unknown_key", field=loc[:-1], key=key)
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


_UNKNOWN = object()  # a place the models do not describe


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type the models give the value at `loc` (unwrapped), or _UNKNOWN."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return _UNKNOWN
            annotation = field.annotation
        elif origin is list:
            annotation = get_args(annotation)[0]
        elif origin is dict:
            annotation = get_args(annotation)[1]
        else:
            return _UNKNOWN
    return _unwrap(annotation)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at `loc`, found by walking the model's annotations."""
    annotation = _annotation_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


# Salvage: what validates of a document with errors, for the rules across files (never for a build)

_GONE = object()  # a list item taken out; the list is compacted before each try
_PLACEHOLDER = "x"  # stands in for missing required text (a valid slug too)
SALVAGE_ROUNDS = 8


def salvage(doc: Document, model: type[M]) -> tuple[M, Document, list[Loc]] | None:
    """The model of what remains once every value in error is taken out, the document with its
    list indices mapped back to the file, and the places taken out; None when nothing usable stays.

    A key in error is dropped (a default takes its place, or it turns up missing next round); missing
    text gets a placeholder; a list item that cannot be mended is taken out of its list.
    """
    data = _copy(doc.data)
    pruned: list[Loc] = []
    for _ in range(SALVAGE_ROUNDS):
        clean, moved = _compact(data, ())
        mapped = Document(doc.path, data=clean, text=doc.text, moved=moved, marks=doc.marks)
        try:
            result = model.model_validate(clean)
        except ValidationError as exc:
            for error in exc.errors():
                loc = mapped.original(tuple(error["loc"]))
                if not _mend(data, model, loc, error["type"]):
                    return None
                pruned.append(loc)
            continue
        return result, mapped, pruned
    return None


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _compact(value: Any, path: Loc) -> tuple[Any, dict[Loc, list[int]]]:
    moved: dict[Loc, list[int]] = {}
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out[k], inner = _compact(v, (*path, k))
            moved.update(inner)
        return out, moved
    if isinstance(value, list):
        kept = [i for i, v in enumerate(value) if v is not _GONE]
        items = []
        for i in kept:
            item, inner = _compact(value[i], (*path, i))
            items.append(item)
            moved.update(inner)
        if len(kept) != len(value):
            moved[path] = kept
        return items, moved
    return value, moved


def _mend(data: Any, model: type[BaseModel], loc: Loc, kind: str) -> bool:
    """Take the value at `loc` out (or fill it in); False when the document as a whole is lost."""
    if "[key]" in loc:  # a mapping key in error: drop its whole entry
        loc = loc[: loc.index("[key]")]
    loc = tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function-")))
    if not loc:
        return False
    parent = _walk(data, loc[:-1])
    if parent is None:
        return False
    last = loc[-1]
    if kind == "missing":
        if last == "id" and len(loc) == 1:
            return False  # a file without its id: nothing across files can be said of it
        if _annotation_is_text(model, loc) and isinstance(parent, dict):
            parent[last] = _PLACEHOLDER
            return True
        return _drop_item(data, loc[:-1])
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = _GONE
        return True
    return _drop_item(data, loc[:-1])


def _drop_item(data: Any, loc: Loc) -> bool:
    """Take out the nearest list item that holds `loc`."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            parent = _walk(data, loc[: end - 1])
            if isinstance(parent, list) and 0 <= loc[end - 1] < len(parent):  # type: ignore[operator]
                parent[loc[end - 1]] = _GONE  # type: ignore[index]
                return True
    return False


def _walk(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
        if data is _GONE:
            return None
    return data


def _annotation_is_text(model: type[BaseModel], loc: Loc) -> bool:
    return _annotation_at(model, loc) is str
