"""SQLite export: read back with sqlite3 and compared with the KnowledgeBase, record by record."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given

import hipknowledge as hk
from hipknowledge._fields import format_loc, iter_references
from hipknowledge._search import record_texts
from hipknowledge.export import _sqlite as sqlite_export
from hipknowledge.export import to_sqlite
from hipknowledge.vocab import ActionRole, BodyRegion, ExerciseType, HipMovement, HipPosition, ManualAccess

from .paths import DOCS, MINI
from .strategies import knowledge_bases
from .test_attack_writing import cli_main as main

# Where each kind of reference lands: (record kind, relation) -> (table, column of the referenced ID).
LINK_TABLES = {
    ("muscle", "groups"): ("muscle_groups", "group_id"),
    ("structure", "related_muscles"): ("structure_related_muscles", "muscle_id"),
    ("condition", "involved"): ("condition_involved", "target_id"),
    ("condition", "care_options.intervention"): ("condition_care_options", "intervention_id"),
    ("condition", "care_options.sources"): ("condition_care_options_sources", "source_id"),
    ("condition", "look_alikes.condition"): ("condition_look_alikes", "other_condition_id"),
    ("technique", "targets.target"): ("technique_targets", "target_id"),
    ("technique", "used_for"): ("technique_used_for", "condition_id"),
    ("technique", "positions.source"): ("technique_positions", "source_id"),
    ("exercise", "primary_muscles"): ("exercise_primary_muscles", "muscle_id"),
    ("exercise", "secondary_muscles"): ("exercise_secondary_muscles", "muscle_id"),
    ("claim", "subjects"): ("claim_subjects", "target_id"),
    ("claim", "positions.source"): ("claim_positions", "source_id"),
    ("condition", "red_flags.condition"): ("condition_red_flags", "other_condition_id"),
    ("condition", "red_flags.sources"): ("condition_red_flags_sources", "source_id"),
    ("technique", "contraindications.factor"): ("technique_contraindications", "factor_id"),
    ("technique", "contraindications.condition"): ("technique_contraindications", "condition_id"),
    ("technique", "contraindications.sources"): ("technique_contraindications_sources", "source_id"),
    ("technique", "site_cautions.structure"): ("technique_site_cautions", "structure_id"),
    ("technique", "site_cautions.sources"): ("technique_site_cautions_sources", "source_id"),
    ("exercise", "contraindications.factor"): ("exercise_contraindications", "factor_id"),
    ("exercise", "contraindications.condition"): ("exercise_contraindications", "condition_id"),
    ("exercise", "contraindications.sources"): ("exercise_contraindications_sources", "source_id"),
    ("factor", "conditions"): ("factor_conditions", "condition_id"),
    ("condition", "exercise_fit.exercise"): ("condition_exercise_fit", "exercise_id"),
    ("condition", "exercise_fit.sources"): ("condition_exercise_fit_sources", "source_id"),
    ("exercise", "working_muscles"): ("exercise_working_muscles", "muscle_id"),
    ("condition", "care_options.graded_by"): ("condition_care_options", "graded_by_id"),
    ("condition", "related.condition"): ("condition_related", "other_condition_id"),
    ("condition", "paediatric_mimics"): ("condition_paediatric_mimics", "other_condition_id"),
    ("condition", "clinical_tests.sources"): ("condition_clinical_tests_sources", "source_id"),
    ("exercise", "easier.exercise"): ("exercise_easier", "other_exercise_id"),
    ("exercise", "harder.exercise"): ("exercise_harder", "other_exercise_id"),
    ("exercise", "alternatives.exercise"): ("exercise_alternatives", "other_exercise_id"),
}


@contextlib.contextmanager
def opened(kb: hk.KnowledgeBase, path: Path) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(to_sqlite(kb, path))) as db:
        yield db


@pytest.fixture(scope="module")
def db(kb: hk.KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    with opened(kb, tmp_path_factory.mktemp("sqlite") / "hip.sqlite") as connection:
        yield connection


def column(db: sqlite3.Connection, sql: str, *params: object) -> list[object]:
    return [row[0] for row in db.execute(sql, params)]


def count_of(db: sqlite3.Connection, sql: str) -> int:
    (found,) = db.execute(sql).fetchone()
    return int(found)


def ids(records: tuple[hk.Record, ...] | tuple[hk.Muscle, ...]) -> list[str]:
    return [r.id for r in records]


def assert_views_answer_like_the_knowledge_base(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    """Every lookup view, for every record it applies to, gives the KnowledgeBase's answer."""
    for technique in kb.techniques.values():
        assert column(
            db, "SELECT muscle_id FROM muscles_targeted_by_technique WHERE technique_id = ? ORDER BY 1", technique.id
        ) == ids(kb.muscles_targeted_by(technique.id))
        for muscle in kb.muscles_targeted_by(technique.id, reach=hk.Reach):
            assert column(
                db,
                "SELECT reach FROM technique_reach WHERE technique_id = ? AND target_id = ?",
                technique.id,
                muscle.id,
            ) == [kb.reach(technique.id, muscle.id)]
        assert column(
            db, "SELECT condition_id FROM conditions_treated_by WHERE intervention_id = ? ORDER BY 1", technique.id
        ) == ids(kb.conditions_treated_by(technique.id))
    anatomy: list[hk.Record] = [*kb.muscles.values(), *kb.groups.values(), *kb.structures.values()]
    for record in anatomy:
        assert column(
            db, "SELECT technique_id FROM techniques_targeting WHERE target_id = ? ORDER BY 1", record.id
        ) == ids(kb.techniques_targeting(record.id)), record.id
        assert column(
            db, "SELECT condition_id FROM conditions_involving WHERE anatomy_id = ? ORDER BY 1", record.id
        ) == ids(kb.conditions_involving(record.id)), record.id
    for record in anatomy:
        if record.kind_name == "structure":
            continue
        for kind in (None, *ExerciseType):
            value = None if kind is None else kind.value
            assert column(
                db,
                "SELECT exercise_id FROM exercises_for_muscle WHERE target_id = ? "
                "AND (? IS NULL OR exercise_type = ?) ORDER BY 1",
                record.id,
                value,
                value,
            ) == ids(kb.exercises_for(record.id, exercise_type=kind)), (record.id, kind)
    for group in kb.groups.values():
        assert column(db, "SELECT muscle_id FROM group_members WHERE group_id = ? ORDER BY 1", group.id) == ids(
            kb.members(group.id)
        )
    for muscle in kb.muscles.values():
        assert column(db, "SELECT antagonist_id FROM antagonists WHERE muscle_id = ? ORDER BY 1", muscle.id) == ids(
            kb.antagonists(muscle.id)
        )
    for region in BodyRegion:
        assert column(
            db,
            "SELECT condition_id FROM conditions_at_region WHERE region = ? AND radiating = 0 ORDER BY 1",
            region.value,
        ) == ids(kb.conditions_at(region))
        assert column(
            db, "SELECT DISTINCT condition_id FROM conditions_at_region WHERE region = ? ORDER BY 1", region.value
        ) == ids(kb.conditions_at(region, radiating=True))
    for movement in HipMovement:
        assert column(
            db,
            "SELECT muscle_id FROM muscles_for_movement WHERE movement = ? ORDER BY role = 'assistant', muscle_id",
            movement.value,
        ) == ids(kb.muscles_for(movement))
        for role in ActionRole:
            assert column(
                db,
                "SELECT muscle_id FROM muscles_for_movement WHERE movement = ? AND role = ? ORDER BY 1",
                movement.value,
                role.value,
            ) == ids(kb.muscles_for(movement, role=role))
        for position in HipPosition:
            assert column(
                db,
                "SELECT DISTINCT muscle_id FROM muscles_for_movement WHERE movement = ? AND position IN ('any', ?)"
                " ORDER BY 1",
                movement.value,
                position.value,
            ) == sorted(kb.muscles_for(movement, position=position).ids)
        assert column(
            db, "SELECT exercise_id FROM exercises_for_movement WHERE movement = ? ORDER BY 1", movement.value
        ) == ids(kb.exercises_for(movement))
    for condition in kb.conditions.values():
        assert column(
            db,
            "SELECT other_condition_id FROM conditions_sharing_pain_location WHERE condition_id = ? ORDER BY 1",
            condition.id,
        ) == ids(kb.conditions_sharing_pain_location(condition.id))
        rows = db.execute(
            "SELECT intervention_id, intervention_kind, stance, note, source_ids FROM care_for_condition "
            "WHERE condition_id = ? ORDER BY ordinal",
            (condition.id,),
        ).fetchall()
        assert [(a, b, c, d, json.loads(e)) for a, b, c, d, e in rows] == [
            (
                care.intervention.id,
                care.intervention.kind_name,
                care.option.stance.value,
                care.option.note,
                list(care.option.sources),
            )
            for care in kb.care_for(condition.id)
        ]
    for exercise in kb.exercises.values():
        assert column(
            db, "SELECT condition_id FROM conditions_treated_by WHERE intervention_id = ? ORDER BY 1", exercise.id
        ) == ids(kb.conditions_treated_by(exercise.id))
    for source in kb.sources.values():
        assert column(db, "SELECT record_id FROM cited_by WHERE source_id = ? ORDER BY 1", source.id) == ids(
            kb.cited_by(source.id)
        )
    for record in kb.records():
        assert column(db, "SELECT claim_id FROM claims_about WHERE record_id = ? ORDER BY 1", record.id) == ids(
            kb.claims_about(record.id)
        )


def test_metadata_names_version_fingerprint_and_licence(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    meta = dict(db.execute("SELECT key, value FROM metadata").fetchall())
    assert meta["content_version"] == kb.content_version
    assert meta["fingerprint"] == kb.fingerprint
    assert meta["license"] == kb.license
    assert meta["records"] == str(len(kb))
    assert meta["full_text"] == "fts5"
    assert "not medical advice" in meta["notice"]


def test_kind_tables_hold_every_record_and_field(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    from hipknowledge._fields import field_shapes
    from hipknowledge.export._shapes import plain

    for kind, attribute in (("muscle", "muscles"), ("condition", "conditions"), ("source", "sources")):
        assert column(db, f"SELECT id FROM {attribute} ORDER BY id") == ids(kb.records(kind))
    for record in kb.records():
        db.row_factory = sqlite3.Row
        try:
            row = db.execute(f"SELECT * FROM {type(record).folder} WHERE id = ?", (record.id,)).fetchone()
        finally:
            db.row_factory = None
        for shape in field_shapes(type(record)):
            value = getattr(record, shape.name)
            if shape.shape in ("scalar", "ref"):
                assert row[shape.name] == plain(value), (record.id, shape.name)
            elif shape.shape == "model":
                for sub in field_shapes(shape.item):
                    inner = getattr(value, sub.name)
                    stored = row[f"{shape.name}_{sub.name}"]
                    if sub.shape == "scalar":
                        expected: object = plain(inner)
                    elif sub.shape == "model":
                        expected = None if inner is None else inner.model_dump(mode="json", exclude_none=True)
                    else:
                        expected = [
                            v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else plain(v)
                            for v in inner
                        ]
                    assert (stored if sub.shape == "scalar" or stored is None else json.loads(stored)) == expected, (
                        record.id,
                        shape.name,
                        sub.name,
                    )
            else:
                dumped = [v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else plain(v)
                          for v in value]  # fmt: skip
                assert json.loads(row[shape.name]) == dumped, (record.id, shape.name)


def test_every_reference_lands_in_its_link_table(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    count = 0
    for record in kb.records():
        owner = f"{record.kind_name}_id"
        # The knowledge base names each reference's relation; the link tables keep its exact place.
        names = {r.field: r.name for r in kb.related(record.id) if r.direction == "outgoing" and r.field}
        for loc, ref, _ in iter_references(record):
            count += 1
            relation = names[format_loc(loc)]
            if relation == "sources":
                found = column(
                    db, "SELECT source_id FROM record_sources WHERE record_id = ? AND ordinal = ?", record.id, loc[1]
                )
            else:
                table, target = LINK_TABLES[record.kind_name, relation]
                where = f"{owner} = ? AND ordinal = ?" + (" AND item = ?" if len(loc) == 4 else "")
                keys = [record.id, loc[1], *([loc[3]] if len(loc) == 4 else [])]
                found = column(db, f"SELECT {target} FROM {table} WHERE {where}", *keys)
            assert found == [ref], (record.id, loc)
    linked = sum(count_of(db, f"SELECT count({target}) FROM {table}") for table, target in LINK_TABLES.values())
    linked += count_of(db, "SELECT count(*) FROM record_sources")
    assert linked == count == count_of(db, "SELECT count(*) FROM record_references")


def test_record_references_match_the_knowledge_base(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        rows = db.execute(
            "SELECT field, relation, target_id, target_kind FROM record_references WHERE record_id = ? ORDER BY rowid",
            (record.id,),
        ).fetchall()
        assert rows == [
            (r.field, r.name, r.other.id, r.other.kind_name)
            for r in kb.related(record.id)
            if r.direction == "outgoing" and r.field
        ]
        assert [(field, target) for field, _relation, target, _kind in rows] == [
            (field, target.id) for field, target in kb.references(record.id)
        ]


def test_parts_tables_keep_actions_codes_and_pain_locations(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    for muscle in kb.muscles.values():
        assert db.execute(
            "SELECT movement, role FROM muscle_actions WHERE muscle_id = ? ORDER BY ordinal", (muscle.id,)
        ).fetchall() == [(a.movement.value, a.role.value) for a in muscle.actions]
    for condition in kb.conditions.values():
        assert db.execute(
            "SELECT system, code, billable FROM condition_codes WHERE condition_id = ? ORDER BY ordinal",
            (condition.id,),
        ).fetchall() == [(c.system, c.code, None if c.billable is None else int(c.billable)) for c in condition.codes]
        assert column(
            db, "SELECT body_region FROM condition_pain_locations WHERE condition_id = ? ORDER BY ordinal", condition.id
        ) == [r.value for r in condition.pain_locations]
        assert db.execute(
            "SELECT name, other_condition_id, category FROM condition_look_alikes WHERE condition_id = ? "
            "ORDER BY ordinal",
            (condition.id,),
        ).fetchall() == [(x.name, x.condition, x.category.value) for x in condition.look_alikes]


def test_views_answer_like_the_knowledge_base(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    assert_views_answer_like_the_knowledge_base(db, kb)


def test_views_on_the_fixture_including_an_unreachable_member(mini: hk.KnowledgeBase, tmp_path: Path) -> None:
    with opened(mini, tmp_path / "mini.sqlite") as db:
        assert_views_answer_like_the_knowledge_base(db, mini)
        # A deep member whose manual reach is disputed is worked, not "targeted".
        assert column(db, "SELECT muscle_id FROM muscles_targeted_by_technique WHERE technique_id = 'tech-roll'") == [
            "alpha-flexor"
        ]
        assert column(
            db, "SELECT target_id || ':' || reach FROM technique_reach WHERE technique_id = 'tech-roll' ORDER BY 1"
        ) == ["alpha-flexor:through-overlying-tissue", "gamma-abductor:disputed"]
    # A self-massage aimed at a group does not reach a member that hands cannot reach.
    hidden = mini.muscles["gamma-abductor"].model_copy(update={"manual_access": ManualAccess.NOT_ACCESSIBLE})
    variant = hk.KnowledgeBase(
        [hidden if r.id == hidden.id else r for r in mini.records()], mini.manifest, list(mini.deprecations.values())
    )
    with opened(variant, tmp_path / "variant.sqlite") as db:
        assert_views_answer_like_the_knowledge_base(db, variant)
        assert column(db, "SELECT target_id FROM technique_reach WHERE technique_id = 'tech-roll'") == ["alpha-flexor"]


@given(knowledge_bases())
def test_views_agree_on_generated_content(generated: hk.KnowledgeBase) -> None:
    with tempfile.TemporaryDirectory() as folder, opened(generated, Path(folder) / "g.sqlite") as db:
        assert_views_answer_like_the_knowledge_base(db, generated)


def test_full_text_search_covers_names_aliases_and_summaries(db: sqlite3.Connection) -> None:
    def search(query: str) -> list[object]:
        return column(
            db,
            "SELECT r.id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid "
            "WHERE records_fts MATCH ? ORDER BY bm25(records_fts, 10.0, 5.0, 1.0)",
            query,
        )

    assert search("SMR")[0] == "foam-rolling"  # an alias only
    assert {"piriformis", "piriformis-syndrome"} <= set(search("name:piriformis")[:6])
    assert "hip-flexors" in search("flexor")  # stemmed: "flexors" in the name
    assert "iliotibial-band-syndrome" in search("trochanter OR condyle")  # words of summaries


@pytest.mark.parametrize(("modules", "expected"), [(("fts4",), "fts4"), (("no-such-module",), "none")])
def test_full_text_falls_back(
    kb: hk.KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: tuple[str, ...], expected: str
) -> None:
    monkeypatch.setattr(sqlite_export, "FULL_TEXT_MODULES", modules)
    with opened(kb, tmp_path / "fallback.sqlite") as db:
        (state,) = column(db, "SELECT value FROM metadata WHERE key = 'full_text'")
        assert str(state).split(":")[0] == expected
        tables = column(db, "SELECT name FROM sqlite_master WHERE name = 'records_fts'")
        if expected == "none":
            assert tables == []
            assert "LIKE" in str(state)
        else:
            assert column(db, "SELECT rowid FROM records_fts WHERE records_fts MATCH 'SMR'")
        assert count_of(db, "SELECT count(*) FROM antagonists") > 0


def test_foreign_keys_hold_and_the_file_is_replaced(kb: hk.KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "hip.sqlite"
    path.parent.mkdir()
    path.write_text("not a database")
    with opened(kb, path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert sorted(p.name for p in path.parent.iterdir()) == ["hip.sqlite"]


def test_cli_writes_a_database_and_needs_a_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["export", "sqlite", "-o", str(tmp_path / "mini.sqlite"), "--data", str(MINI), "--json"], out) == 0
    summary = json.loads(out.getvalue())
    assert summary["records"] == 22
    with contextlib.closing(sqlite3.connect(summary["path"])) as db:
        assert column(db, "SELECT antagonist_id FROM antagonists WHERE muscle_id = 'alpha-flexor'") == ["beta-extensor"]
    assert main(["export", "sqlite"], io.StringIO()) == 2
    assert "needs a file" in capsys.readouterr().err


# --------------------------------------------------------------------------- the worked queries of the guide

GUIDE = DOCS / "guide.md"
_SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# "IT band" as FTS5 reads the phrase: the two words next to each other, stemmed ("bands", "banded").
_IT_BAND = re.compile(r"\bits?\W+band(?:s|ed|ing)?\b", re.IGNORECASE)  # porter stems "its" to "it"


def guide_queries() -> list[str]:
    """The SQL blocks of the user guide, exactly as written there."""
    return _SQL_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_shows_three_worked_queries() -> None:
    assert len(guide_queries()) == 3


def test_phrase_search_of_the_guide_agrees_with_the_records(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    query = guide_queries()[0]
    assert """MATCH '"IT band"'""" in query
    rows = db.execute(query).fetchall()
    expected = {
        r.id
        for r in kb.records()
        if any(_IT_BAND.search(text) for text in (r.name, *r.aliases, " ".join(record_texts(r))))
    }
    assert {row[0] for row in rows} == expected
    assert [row[0] for row in rows] == sorted(expected)
    assert all((kind, name) == (kb.lookup(rid).kind_name, kb.lookup(rid).name) for rid, kind, name in rows)
    # The API's best hit for the same words is among them.
    assert kb.search("IT band")[0].record.id in expected


def test_why_the_guide_quotes_multi_word_names(db: sqlite3.Connection) -> None:
    def matching(query: str) -> set[object]:
        return set(
            column(
                db,
                "SELECT r.id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid WHERE records_fts MATCH ?",
                query,
            )
        )

    phrase, words = matching('"IT band"'), matching("IT band")
    # Without quotes the words are found apart: "it" anywhere, and "band" in exercises done with a band.
    assert phrase < words
    assert "banded-hip-external-rotation" in words - phrase
    # A hyphen is query syntax; inside a phrase it separates words.
    with pytest.raises(sqlite3.OperationalError, match="no such column: band"):
        matching("iliotibial-band")
    assert "iliotibial-band-syndrome" in matching('"iliotibial-band"')


def test_the_phrase_query_of_the_guide_runs_on_fts4_too(
    kb: hk.KnowledgeBase, db: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = db.execute(guide_queries()[0]).fetchall()
    monkeypatch.setattr(sqlite_export, "FULL_TEXT_MODULES", ("fts4",))
    with opened(kb, tmp_path / "fts4.sqlite") as fts4:
        assert column(fts4, "SELECT value FROM metadata WHERE key = 'full_text'") == ["fts4"]
        assert fts4.execute(guide_queries()[0]).fetchall() == expected


def test_region_query_of_the_guide_agrees_with_conditions_at(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    query = guide_queries()[1]
    assert "'lateral-thigh'" in query
    rows = db.execute(query).fetchall()
    everywhere = kb.conditions_at("lateral-thigh", radiating=True)
    felt_there = kb.conditions_at("lateral-thigh")
    assert [(rid, name) for rid, name, _ in rows] == [(c.id, c.name) for c in everywhere]
    assert {rid for rid, _, spreads in rows if spreads == 1} == everywhere.ids - felt_there.ids
    assert everywhere.ids - felt_there.ids  # the example shows both kinds of answer


def test_care_query_of_the_guide_agrees_with_care_for(db: sqlite3.Connection, kb: hk.KnowledgeBase) -> None:
    query = guide_queries()[2]
    assert "'gluteal-tendinopathy'" in query
    rows = [(i, k, n, s, json.loads(sources)) for i, k, n, s, sources in db.execute(query).fetchall()]
    assert rows == [
        (
            care.intervention.id,
            care.intervention.kind_name,
            care.intervention.name,
            care.option.stance.value,
            list(care.option.sources),
        )
        for care in kb.care_for("gluteal-tendinopathy")
    ]
    assert len({stance for _, _, _, stance, _ in rows}) > 1  # the stances differ, so the column says something
