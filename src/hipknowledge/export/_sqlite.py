"""SQLite export: a table per kind, link tables derived from the references, full-text search, lookup views."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import hipknowledge
from hipknowledge._fields import FieldShape, field_shapes, format_loc, iter_references
from hipknowledge._index import DEFAULT_REACH
from hipknowledge._search import record_texts
from hipknowledge.export._shapes import plain
from hipknowledge.models import NOTICE, RECORD_TYPES, Record, Technique
from hipknowledge.vocab import BodyRegion, HipMovement, Reach

if TYPE_CHECKING:
    import sqlite3

    from hipknowledge._knowledge import KnowledgeBase

__all__ = ["FULL_TEXT_MODULES", "SCHEMA_VERSION", "VIEWS", "fill_database"]

#: Bumped when a table, column or view changes in a way that breaks queries written against it.
SCHEMA_VERSION = "1"

#: Full-text modules tried in order; the first this SQLite build has is used.
FULL_TEXT_MODULES: tuple[str, ...] = ("fts5", "fts4")

_TABLE_OF_KIND: dict[str, str] = {cls.kind_name: cls.folder for cls in RECORD_TYPES}


@dataclass
class _Table:
    name: str
    columns: list[tuple[str, str]]
    key: tuple[str, ...] = ()
    rows: list[dict[str, object]] = field(default_factory=list)

    def create(self) -> str:
        parts = [f'"{name}" {decl}' for name, decl in self.columns]
        if self.key:
            parts.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f'CREATE TABLE "{self.name}" (\n  ' + ",\n  ".join(parts) + "\n)"

    def insert(self) -> str:
        names = ", ".join(f'"{name}"' for name, _ in self.columns)
        marks = ", ".join(f":{name}" for name, _ in self.columns)
        return f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})'

    def row(self, **values: object) -> dict[str, object]:
        found = dict.fromkeys((name for name, _ in self.columns), None)
        found.update(values)
        self.rows.append(found)
        return found


def _sql_type(shape: FieldShape) -> str:
    if shape.shape == "scalar" and shape.item in (bool, int):
        return "INTEGER"
    return "TEXT"


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _target_columns(owner: str, name: str, kinds: tuple[str, ...]) -> tuple[str, str | None]:
    """The column holding a referenced ID (and one for its kind when several kinds are allowed)."""
    if len(kinds) > 1:
        return f"{name}_id", f"{name}_kind"
    column = f"{name}_id"
    return (f"other_{column}" if column == owner else column), None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- schema


@dataclass
class _Layout:
    """Every table, built from the model classes alone so that empty content still has the full schema."""

    tables: dict[str, _Table] = field(default_factory=dict)
    #: (kind, field) -> table holding one row per list item (reference lists, enum lists, parts).
    lists: dict[tuple[str, str], _Table] = field(default_factory=dict)
    #: (kind, part field, sub field) -> table of a reference list inside a list of parts.
    nested: dict[tuple[str, str, str], _Table] = field(default_factory=dict)

    def add(self, table: _Table) -> _Table:
        self.tables[table.name] = table
        return table


def _layout() -> _Layout:
    layout = _Layout()
    layout.add(_Table("metadata", [("key", "TEXT NOT NULL PRIMARY KEY"), ("value", "TEXT")]))
    layout.add(
        _Table(
            "body_regions",
            [("region", "TEXT NOT NULL PRIMARY KEY"), ("label", "TEXT NOT NULL"), ("ordinal", "INTEGER NOT NULL")],
        )
    )
    layout.add(
        _Table(
            "hip_movements",
            [("movement", "TEXT NOT NULL PRIMARY KEY"), ("opposite", "TEXT NOT NULL"), ("plane", "TEXT NOT NULL")],
        )
    )
    layout.add(
        _Table(
            "records",
            [
                ("id", "TEXT NOT NULL PRIMARY KEY"),
                ("record_kind", "TEXT NOT NULL"),
                ("name", "TEXT NOT NULL"),
                ("aliases", "TEXT NOT NULL"),
                ("summary", "TEXT NOT NULL"),
                ("body", "TEXT NOT NULL"),
            ],
        )
    )
    layout.add(
        _Table(
            "technique_reach",
            [
                ("technique_id", "TEXT NOT NULL REFERENCES techniques(id)"),
                ("target_id", "TEXT NOT NULL REFERENCES records(id)"),
                ("target_kind", "TEXT NOT NULL"),
                ("reach", "TEXT NOT NULL"),
            ],
            ("technique_id", "target_id"),
        )
    )
    layout.add(
        _Table(
            "record_aliases",
            [
                ("record_id", "TEXT NOT NULL REFERENCES records(id)"),
                ("record_kind", "TEXT NOT NULL"),
                ("ordinal", "INTEGER NOT NULL"),
                ("alias", "TEXT NOT NULL"),
            ],
            ("record_id", "ordinal"),
        )
    )
    layout.add(
        _Table(
            "record_sources",
            [
                ("record_id", "TEXT NOT NULL REFERENCES records(id)"),
                ("record_kind", "TEXT NOT NULL"),
                ("ordinal", "INTEGER NOT NULL"),
                ("source_id", "TEXT NOT NULL REFERENCES sources(id)"),
            ],
            ("record_id", "ordinal"),
        )
    )
    layout.add(
        _Table(
            "record_references",
            [
                ("record_id", "TEXT NOT NULL REFERENCES records(id)"),
                ("record_kind", "TEXT NOT NULL"),
                ("field", "TEXT NOT NULL"),
                ("relation", "TEXT NOT NULL"),
                ("target_id", "TEXT NOT NULL REFERENCES records(id)"),
                ("target_kind", "TEXT NOT NULL"),
            ],
            ("record_id", "field"),
        )
    )
    for cls in RECORD_TYPES:
        _kind_tables(layout, cls)
    return layout


def _ref_decl(kinds: tuple[str, ...], *, nullable: bool = False) -> str:
    table = _TABLE_OF_KIND[kinds[0]] if len(kinds) == 1 else "records"
    return f"TEXT{'' if nullable else ' NOT NULL'} REFERENCES {table}(id)"


def _kind_tables(layout: _Layout, cls: type[Record]) -> None:
    kind, table_name = cls.kind_name, cls.folder
    owner = f"{kind}_id"
    owner_decl = f"TEXT NOT NULL REFERENCES {table_name}(id)"
    columns: list[tuple[str, str]] = []
    for shape in field_shapes(cls):
        name = shape.name
        if shape.shape == "scalar":
            columns.append((name, _sql_type(shape) + ("" if shape.optional else " NOT NULL")))
        elif shape.shape == "ref":
            columns.append((name, _ref_decl(shape.kinds, nullable=shape.optional)))
        elif shape.shape == "model":
            for sub in field_shapes(shape.item):
                if sub.shape in ("ref", "refs"):
                    raise NotImplementedError(f"references inside {cls.__name__}.{name} are not exported")
                columns.append((f"{name}_{sub.name}", _sql_type(sub) if sub.shape == "scalar" else "TEXT"))
        else:
            # Lists and parts stay whole as JSON in the kind's table; the tables below index them.
            columns.append((name, "TEXT NOT NULL"))
        if shape.shape == "refs" and name != "sources":
            target, target_kind = _target_columns(owner, _singular_target(shape), shape.kinds)
            link_columns = [(owner, owner_decl), ("ordinal", "INTEGER NOT NULL"), (target, _ref_decl(shape.kinds))]
            if target_kind:
                link_columns.append((target_kind, "TEXT NOT NULL"))
            layout.lists[kind, name] = layout.add(_Table(f"{kind}_{name}", link_columns, (owner, "ordinal")))
        elif shape.shape == "enums":
            value_column = _snake(shape.item.__name__)
            layout.lists[kind, name] = layout.add(
                _Table(
                    f"{kind}_{name}",
                    [(owner, owner_decl), ("ordinal", "INTEGER NOT NULL"), (value_column, "TEXT NOT NULL")],
                    (owner, "ordinal"),
                )
            )
        elif shape.shape == "models":
            part_columns = [(owner, owner_decl), ("ordinal", "INTEGER NOT NULL")]
            for sub in field_shapes(shape.item):
                if sub.shape == "scalar":
                    decl = _sql_type(sub) + ("" if sub.optional else " NOT NULL")
                    part_columns.append((sub.name, decl))
                elif sub.shape == "ref":
                    target, target_kind = _target_columns(owner, sub.name, sub.kinds)
                    part_columns.append((target, _ref_decl(sub.kinds, nullable=sub.optional)))
                    if target_kind:
                        part_columns.append((target_kind, "TEXT"))
                elif sub.shape == "refs":
                    target, target_kind = _target_columns(owner, sub.kinds[0], sub.kinds)
                    nested = [
                        (owner, owner_decl),
                        ("ordinal", "INTEGER NOT NULL"),
                        ("item", "INTEGER NOT NULL"),
                        (target, _ref_decl(sub.kinds)),
                    ]
                    if target_kind:
                        nested.append((target_kind, "TEXT NOT NULL"))
                    layout.nested[kind, name, sub.name] = layout.add(
                        _Table(f"{kind}_{name}_{sub.name}", nested, (owner, "ordinal", "item"))
                    )
                else:
                    part_columns.append((sub.name, "TEXT"))
            layout.lists[kind, name] = layout.add(_Table(f"{kind}_{name}", part_columns, (owner, "ordinal")))
    columns = [(name, decl) for name, decl in columns if name != "id"]
    layout.add(_Table(table_name, [("id", "TEXT NOT NULL PRIMARY KEY"), *columns]))


def _singular_target(shape: FieldShape) -> str:
    # A list naming one kind is read as "the <kind>" (muscle_groups.group_id); a mixed list as "the target".
    return shape.kinds[0] if len(shape.kinds) == 1 else "target"


# --------------------------------------------------------------------------- rows


def _fill(layout: _Layout, kb: KnowledgeBase) -> None:
    tables = layout.tables
    manifest = kb.manifest
    kind_of = {r.id: r.kind_name for r in kb.records()}
    for ordinal, region in enumerate(BodyRegion):
        tables["body_regions"].row(region=region.value, label=region.value.replace("-", " "), ordinal=ordinal)
    for movement in HipMovement:
        tables["hip_movements"].row(
            movement=movement.value, opposite=movement.opposite.value, plane=movement.plane.value
        )
    for record in kb.records():
        kind, owner = record.kind_name, f"{record.kind_name}_id"
        summary = getattr(record, "summary", None) or getattr(record, "statement", "")
        tables["records"].row(
            id=record.id,
            record_kind=kind,
            name=record.name,
            aliases=_json(record.aliases),
            summary=summary,
            body=" ".join(record_texts(record)),
        )
        if isinstance(record, Technique):
            for target in kb.muscles_targeted_by(record.id, reach=Reach):
                reach = kb.reach(record.id, target.id)
                assert reach is not None
                tables["technique_reach"].row(
                    technique_id=record.id, target_id=target.id, target_kind="muscle", reach=reach.value
                )
            for part in record.targets:
                if kind_of[part.target] == "structure":
                    tables["technique_reach"].row(
                        technique_id=record.id, target_id=part.target, target_kind="structure", reach=part.reach.value
                    )
        for ordinal, alias in enumerate(record.aliases):
            tables["record_aliases"].row(record_id=record.id, record_kind=kind, ordinal=ordinal, alias=alias)
        values: dict[str, object] = {}
        parts: dict[tuple[str, int], dict[str, object]] = {}
        for shape in field_shapes(type(record)):
            value = getattr(record, shape.name)
            if shape.shape in ("scalar", "ref"):
                values[shape.name] = plain(value)
            elif shape.shape == "model":
                for sub in field_shapes(shape.item):
                    inner = None if value is None else getattr(value, sub.name)
                    if inner is None:
                        values[f"{shape.name}_{sub.name}"] = None  # an optional part that is not there
                    else:
                        values[f"{shape.name}_{sub.name}"] = (
                            plain(inner) if sub.shape == "scalar" else _json(_dump(inner))
                        )
            else:
                values[shape.name] = _json(_dump(value))
            if shape.shape == "enums":
                table = layout.lists[kind, shape.name]
                column = table.columns[2][0]
                for ordinal, item in enumerate(value):
                    table.row(**{owner: record.id, "ordinal": ordinal, column: plain(item)})
            elif shape.shape == "models":
                table = layout.lists[kind, shape.name]
                for ordinal, part in enumerate(value):
                    scalars = {
                        sub.name: plain(getattr(part, sub.name))
                        if sub.shape == "scalar"
                        else _json(_dump(getattr(part, sub.name)))
                        for sub in field_shapes(type(part))
                        if sub.shape not in ("ref", "refs")
                    }
                    parts[shape.name, ordinal] = table.row(**{owner: record.id, "ordinal": ordinal, **scalars})
        tables[type(record).folder].row(**values)
        # Every link row comes from the references the record declares, so a new reference
        # field reaches the link tables (and the coverage test) without being listed here.
        for loc, ref, _kinds in iter_references(record):
            _place(layout, record, loc, ref, target_kind=kind_of[ref], parts=parts)
        for found in kb.related(record.id):
            if found.direction == "outgoing" and found.field:
                tables["record_references"].row(
                    record_id=record.id,
                    record_kind=kind,
                    field=found.field,
                    relation=found.name,
                    target_id=found.other.id,
                    target_kind=found.other.kind_name,
                )
    meta = tables["metadata"]
    for key, value in (
        ("title", manifest.title),
        ("content_version", manifest.content_version),
        ("fingerprint", kb.fingerprint),
        ("license", manifest.license),
        ("package_version", hipknowledge.__version__),
        ("schema_version", SCHEMA_VERSION),
        ("records", str(len(kb))),
        ("notice", NOTICE),
    ):
        meta.row(key=key, value=value)


def _dump(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_none=True)
    return plain(value)


def _place(
    layout: _Layout,
    record: Record,
    loc: tuple[str | int, ...],
    ref: str,
    *,
    target_kind: str,
    parts: dict[tuple[str, int], dict[str, object]],
) -> None:
    kind = record.kind_name
    owner = f"{kind}_id"
    match loc:
        case ("sources", int(ordinal)):
            layout.tables["record_sources"].row(record_id=record.id, record_kind=kind, ordinal=ordinal, source_id=ref)
        case (str(name), int(ordinal)):
            table = layout.lists[kind, name]
            row = {owner: record.id, "ordinal": ordinal, table.columns[2][0]: ref}
            if len(table.columns) > 3:
                row[table.columns[3][0]] = target_kind
            table.row(**row)
        case (str(name), int(ordinal), str(sub)):
            shape = next(s for s in field_shapes(type(getattr(record, name)[ordinal])) if s.name == sub)
            target, kind_column = _target_columns(owner, sub, shape.kinds)
            parts[name, ordinal][target] = ref
            if kind_column:
                parts[name, ordinal][kind_column] = target_kind
        case (str(name), int(ordinal), str(sub), int(item)):
            table = layout.nested[kind, name, sub]
            row = {owner: record.id, "ordinal": ordinal, "item": item, table.columns[3][0]: ref}
            if len(table.columns) > 4:
                row[table.columns[4][0]] = target_kind
            table.row(**row)
        case (str(),):
            pass  # a single reference: already a column of the kind's table
        case _:
            raise NotImplementedError(f"no link table for references at {format_loc(loc)} of {kind} records")


# --------------------------------------------------------------------------- full text and views


def full_text_module(con: sqlite3.Connection) -> str | None:
    """The first of :data:`FULL_TEXT_MODULES` that this SQLite build provides, or None."""
    import sqlite3  # noqa: PLC0415 - only an export to SQLite needs it, and some Python builds leave it out

    for module in FULL_TEXT_MODULES:
        try:
            con.execute(f"CREATE VIRTUAL TABLE temp.probe_full_text USING {module}(body)")
        except sqlite3.OperationalError:
            continue
        con.execute("DROP TABLE temp.probe_full_text")
        return module
    return None


def _full_text(con: sqlite3.Connection) -> str:
    module = full_text_module(con)
    if module == "fts5":
        con.execute(
            'CREATE VIRTUAL TABLE records_fts USING fts5(name, aliases, summary, body, content="records", '
            "content_rowid=\"rowid\", tokenize='porter unicode61 remove_diacritics 2')"
        )
    elif module == "fts4":
        con.execute(
            "CREATE VIRTUAL TABLE records_fts USING fts4("
            'name, aliases, summary, body, content="records", tokenize=porter)'
        )
    else:
        return "none: this SQLite build has neither FTS5 nor FTS4; search records.name and records.aliases with LIKE"
    con.execute("INSERT INTO records_fts(records_fts) VALUES ('rebuild')")
    return module


def _views() -> Iterator[tuple[str, str]]:
    reached = ", ".join(f"'{r.value}'" for r in sorted(DEFAULT_REACH))
    yield (
        "group_members",
        "SELECT group_id, muscle_id FROM muscle_groups",
    )
    # A targeted group stands for its members; touch-based techniques only for the reachable ones.
    # technique_reach holds every muscle and structure a technique works, with how far it reaches
    # it (a group's members included); by default a technique "targets" only what it reaches.
    yield (
        "muscles_targeted_by_technique",
        f"""
        SELECT technique_id, target_id AS muscle_id, reach FROM technique_reach
        WHERE target_kind = 'muscle' AND reach IN ({reached})
        """,
    )
    yield (
        "techniques_targeting",
        f"""
        SELECT muscle_id AS target_id, technique_id FROM muscles_targeted_by_technique
        UNION
        SELECT g.group_id, v.technique_id
        FROM muscle_groups g JOIN muscles_targeted_by_technique v ON v.muscle_id = g.muscle_id
        UNION
        SELECT target_id, technique_id FROM technique_reach WHERE target_kind = 'structure' AND reach IN ({reached})
        """,
    )
    yield (
        "conditions_at_region",
        """
        SELECT body_region AS region, condition_id, 0 AS radiating FROM condition_pain_locations
        UNION
        SELECT body_region, condition_id, 1 FROM condition_radiates_to
        """,
    )
    yield (
        "conditions_sharing_pain_location",
        """
        SELECT DISTINCT a.condition_id, b.condition_id AS other_condition_id
        FROM condition_pain_locations a
        JOIN condition_pain_locations b ON b.body_region = a.body_region AND b.condition_id <> a.condition_id
        """,
    )
    yield (
        "muscles_for_movement",
        "SELECT movement, role, position, muscle_id FROM muscle_actions",
    )
    yield (
        "antagonists",
        """
        SELECT DISTINCT a.muscle_id, b.muscle_id AS antagonist_id
        FROM muscle_actions a
        JOIN hip_movements h ON h.movement = a.movement
        JOIN muscle_actions b ON b.movement = h.opposite AND b.role = 'prime-mover'
        WHERE a.role = 'prime-mover'
        """,
    )
    yield (
        "exercises_for_muscle",
        """
        WITH worked(muscle_id, exercise_id) AS (
          SELECT muscle_id, exercise_id FROM exercise_primary_muscles
          UNION SELECT muscle_id, exercise_id FROM exercise_secondary_muscles
        )
        SELECT w.muscle_id AS target_id, w.exercise_id, e.exercise_type
        FROM worked w JOIN exercises e ON e.id = w.exercise_id
        UNION
        SELECT g.group_id, w.exercise_id, e.exercise_type
        FROM muscle_groups g JOIN worked w ON w.muscle_id = g.muscle_id JOIN exercises e ON e.id = w.exercise_id
        """,
    )
    # A stretch works the muscles of the movement opposite to the one it moves into.
    yield (
        "exercises_for_movement",
        """
        SELECT DISTINCT CASE WHEN e.exercise_type = 'stretch' THEN h.opposite ELSE h.movement END AS movement,
               e.id AS exercise_id, e.exercise_type
        FROM exercise_movements x
        JOIN exercises e ON e.id = x.exercise_id
        JOIN hip_movements h ON h.movement = x.hip_movement
        """,
    )
    yield (
        "care_for_condition",
        """
        SELECT c.condition_id, c.ordinal, c.intervention_id, c.intervention_kind, c.stance, c.note,
               (SELECT json_group_array(source_id) FROM (
                  SELECT s.source_id FROM condition_care_options_sources s
                  WHERE s.condition_id = c.condition_id AND s.ordinal = c.ordinal ORDER BY s.item
               )) AS source_ids
        FROM condition_care_options c
        """,
    )
    yield (
        "conditions_treated_by",
        """
        SELECT intervention_id, condition_id FROM condition_care_options
        UNION
        SELECT technique_id, condition_id FROM technique_used_for
        """,
    )
    # A condition involving a group involves each of the group's muscles too.
    yield (
        "conditions_involving",
        """
        SELECT target_id AS anatomy_id, condition_id FROM condition_involved
        UNION
        SELECT g.muscle_id, i.condition_id
        FROM condition_involved i JOIN muscle_groups g ON g.group_id = i.target_id
        WHERE i.target_kind = 'group'
        """,
    )
    yield (
        "contraindications",
        """
        SELECT technique_id AS intervention_id, 'technique' AS intervention_kind, ordinal, factor_id, condition_id,
               severity, scope, action, change, within_days, reason
        FROM technique_contraindications
        UNION ALL
        SELECT exercise_id, 'exercise', ordinal, factor_id, condition_id,
               severity, scope, action, change, within_days, reason
        FROM exercise_contraindications
        """,
    )
    # "What is contraindicated for factor X": WHERE factor_id = 'anticoagulants'.
    yield (
        "contraindicated_for_factor",
        """
        SELECT factor_id, intervention_id, intervention_kind, severity, scope, action, change, within_days, reason
        FROM contraindications WHERE factor_id IS NOT NULL
        """,
    )
    yield (
        "red_flags",
        """
        SELECT condition_id, ordinal, category, urgency, population, sign, may_indicate,
               other_condition_id AS points_to_condition_id
        FROM condition_red_flags
        """,
    )
    yield (
        "claims_about",
        "SELECT target_id AS record_id, claim_id FROM claim_subjects",
    )
    yield (
        "cited_by",
        """
        SELECT DISTINCT target_id AS source_id, record_id, record_kind
        FROM record_references WHERE target_kind = 'source'
        """,
    )


#: The views answering the KnowledgeBase's lookups, by name.
VIEWS: tuple[str, ...] = tuple(name for name, _ in _views())


def fill_database(kb: KnowledgeBase, path: str | os.PathLike[str]) -> None:
    """Write ``kb`` into the empty (or not yet existing) SQLite database at ``path``."""
    import sqlite3  # noqa: PLC0415 - only an export to SQLite needs it, and some Python builds leave it out

    layout = _layout()
    _fill(layout, kb)
    try:
        con = sqlite3.connect(path)
        try:
            with con:
                for table in _ordered(layout.tables.values()):
                    con.execute(table.create())
                    con.executemany(table.insert(), table.rows)
                full_text = _full_text(con)
                con.execute("INSERT INTO metadata (key, value) VALUES ('full_text', ?)", (full_text,))
                for name, body in _views():
                    con.execute(f'CREATE VIEW "{name}" AS {body.strip()}')
        finally:
            con.close()
    except sqlite3.OperationalError as error:
        # What SQLite says when the file cannot be written (a full disk, a read-only folder),
        # reported like any other failure to write a file.
        raise OSError(f"SQLite cannot write the database: {error}") from error


def _ordered(tables: Iterable[_Table]) -> list[_Table]:
    # Vocabulary and record tables first, then the tables that point at them: easier to read in a dump.
    return sorted(tables, key=lambda t: 0 if t.name in _FIRST else 1)


_FIRST = frozenset({"metadata", "body_regions", "hip_movements", "records", *(c.folder for c in RECORD_TYPES)})
