"""Mapping files (TOML): read any CSV/XLSX as one of the ledgers without editing it.

``[columns]`` names the source column of a field, ``[constants]`` gives a
value for every row, ``[values.FIELD]`` turns source values into ledger keys.
What is not mapped is matched by header as usual (ledger-format.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .formats import LEDGERS, vocabulary_labels


class MappingProblem(Problem):
    """A mapping file that cannot be used; ``key`` is a translation key."""


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # field -> source header
    constants: dict[str, str] = field(default_factory=dict)  # field -> value for every row
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {source value: key}

    def to_toml(self) -> str:
        """The mapping as a file to save for next time."""
        lines = ["# Risk Radar mapping file (see ledger-format.md)", "[columns]"]
        lines += [f"{name} = {_quote(source)}" for name, source in self.columns.items()]
        lines += ["", "[constants]"]
        lines += [f"{name} = {_quote(value)}" for name, value in self.constants.items()]
        for name, table in self.values.items():
            lines += ["", f"[values.{name}]"]
            lines += [f"{_quote(source)} = {_quote(key)}" for source, key in table.items()]
        return "\n".join(lines) + "\n"


def _quote(text) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def load(path: str | Path, kind: str) -> Mapping:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingProblem("mapping.unreadable", detail=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingProblem("mapping.syntax", detail=str(exc)) from None
    return parse(data, kind)


def parse(data: dict, kind: str) -> Mapping:
    fields = {f.name: f for f in LEDGERS[kind]}
    unknown_tables = set(data) - {"columns", "constants", "values"}
    if unknown_tables:
        raise MappingProblem("mapping.unknown_section", name=", ".join(sorted(unknown_tables)))
    mapping = Mapping()
    for section in ("columns", "constants"):
        for name, value in data.get(section, {}).items():
            if name not in fields:
                raise MappingProblem("mapping.unknown_field", name=name, section=section, kind=kind)
            if isinstance(value, (dict, list)):
                raise MappingProblem("mapping.bad_value", name=name, section=section)
            getattr(mapping, section)[name] = str(value)
    for name, table in data.get("values", {}).items():
        if name not in fields:
            raise MappingProblem("mapping.unknown_field", name=name, section="values", kind=kind)
        vocabulary = fields[name].vocabulary
        accepted = vocabulary_labels(vocabulary) if vocabulary is not None else None
        cleaned = {}
        for source, target in table.items():
            if accepted is not None and str(target).strip().lower() not in accepted:
                raise MappingProblem("mapping.bad_target", name=name, value=str(target), allowed=", ".join(vocabulary))
            cleaned[str(source)] = accepted[str(target).strip().lower()] if accepted else str(target)
        mapping.values[name] = cleaned
    return mapping
