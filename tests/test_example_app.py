"""The example app (tests/example_app.py): it runs, its answers agree with the API, and it calls every public method."""

from __future__ import annotations

import ast
import contextlib
import inspect
import json
import shutil
import sqlite3
import types
from pathlib import Path

import pytest

import hipknowledge as hk
from hipknowledge import export

from . import example_app as app
from .paths import MINI, TESTS

SOURCE = (TESTS / "example_app.py").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the app covers the API


def used_names(source: str) -> tuple[set[str], set[str]]:
    """The attribute names a module's code accesses, and those it calls (``x.name(...)``)."""
    tree = ast.parse(source)
    accessed = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    called = {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    return accessed, called


def unused_members(cls: type, source: str) -> set[str]:
    """Public members of ``cls`` that ``source`` never uses: a method it never calls, a property it never reads."""
    accessed, called = used_names(source)
    missing = set()
    for name in dir(cls):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(cls, name)
        is_data = isinstance(member, (property, types.MemberDescriptorType, types.GetSetDescriptorType))
        if name not in (accessed if is_data else called):
            missing.add(name)
    return missing


def test_the_app_calls_every_public_method_of_the_knowledge_base() -> None:
    missing = unused_members(hk.KnowledgeBase, SOURCE)
    assert not missing, f"tests/example_app.py never uses KnowledgeBase.{', '.join(sorted(missing))}: show it in use"


def test_the_coverage_check_notices_a_new_method() -> None:
    class Grown(hk.KnowledgeBase):
        __slots__ = ()

        def a_new_query(self) -> None:
            """A method added to the API after the app was written."""

        @property
        def a_new_property(self) -> int:
            return 0

    assert unused_members(Grown, SOURCE) == {"a_new_query", "a_new_property"}
    # Naming a method without calling it does not count.
    assert unused_members(Grown, SOURCE + "\nx = kb.a_new_query\ny = kb.a_new_property\n") == {"a_new_query"}


def public_functions() -> set[str]:
    """The functions the package exports (``load`` is a callable object, ``record_adapter`` a cached function)."""
    found = set()
    for name in hk.__all__:
        value = getattr(hk, name)
        if inspect.isfunction(inspect.unwrap(value)) or type(value).__module__.startswith("hipknowledge."):
            found.add(name)
    return found


def test_the_app_calls_every_public_function_of_the_package() -> None:
    functions = public_functions()
    assert {"load", "parse_record", "record_adapter", "satisfies", "changes", "diff"} <= functions
    calls = {ast.unparse(node.func) for node in ast.walk(ast.parse(SOURCE)) if isinstance(node, ast.Call)}
    wanted = {f"hk.{name}" for name in functions} | {
        "hk.KnowledgeBase.from_directory",
        "export.render",
        "export.write",
    }
    missing = wanted - calls
    assert not missing, f"tests/example_app.py never calls {', '.join(sorted(missing))}"


def test_the_app_combines_answers_with_every_set_operation() -> None:
    operators = {type(node.op) for node in ast.walk(ast.parse(SOURCE)) if isinstance(node, ast.BinOp)}
    assert {ast.BitAnd, ast.BitOr, ast.Sub} <= operators
    assert "ids" in used_names(SOURCE)[0]


# --------------------------------------------------------------------------- the app's answers


@pytest.fixture(scope="module")
def kb() -> hk.KnowledgeBase:
    return app.content()


def test_content_is_the_shipped_content_in_a_version_the_app_knows(kb: hk.KnowledgeBase) -> None:
    assert kb is hk.load()
    assert hk.satisfies(kb.content_version, app.APP_REQUIRES)


def test_about_counts_every_record_once(kb: hk.KnowledgeBase) -> None:
    counts = app.counts(kb)
    assert {name: n for name, n in counts.items() if name != "all"} == {
        cls.folder: len(kb.records(cls)) for cls in hk.RECORD_TYPES
    }
    assert counts["all"] == len(kb) == sum(n for name, n in counts.items() if name != "all")
    body = json.loads(app.about(kb).body())
    assert body["notice"] == hk.NOTICE
    assert body["data"]["license"] == kb.license
    assert [r["value"] for r in body["data"]["body_regions"]] == [r.value for r in hk.BodyRegion]


def test_intake_finds_conditions_felt_in_every_marked_region(kb: hk.KnowledgeBase) -> None:
    answer = app.intake(kb, ["buttock", "posterior-thigh"], radiating=True)
    expected = kb.conditions_at("buttock", radiating=True).ids & kb.conditions_at("posterior-thigh", radiating=True).ids
    assert answer.conditions.ids == expected
    assert expected
    assert answer.red_flags == {
        c.id: tuple(flag.text() for flag in kb.conditions[c.id].red_flags) for c in answer.conditions
    }
    for condition_id, others in answer.feels_like.items():
        assert set(others) == kb.conditions_sharing_pain_location(condition_id).ids - expected
    assert app.intake(kb, ["groin"]).conditions == kb.conditions_at("groin")


def test_intake_refuses_a_region_it_does_not_know_with_suggestions(kb: hk.KnowledgeBase) -> None:
    with pytest.raises(app.FormError) as caught:
        app.intake(kb, ["groin", "butt"])
    assert (caught.value.field, caught.value.value, caught.value.suggestions) == ("regions", "butt", ("buttock",))
    with pytest.raises(app.FormError):
        app.intake(kb, [])


def test_home_programmes_offer_exercises_and_leave_out_cautioned_ones(kb: hk.KnowledgeBase) -> None:
    from_care = 0
    for condition in kb.conditions.values():
        programme = app.home_programme(kb, condition.id)
        care = kb.care_for(condition.id)
        offered = [
            c.intervention.id for c in care if c.option.stance in app.OFFERED and c.intervention.id in kb.exercises
        ]
        cautioned = {c.intervention.id for c in care if c.option.stance not in app.OFFERED}
        ids = [item.id for item in programme]
        assert ids[: len(offered)] == offered
        assert len(ids) == len(set(ids))
        assert all(i in kb.exercises for i in ids)
        assert not set(ids[len(offered) :]) & cautioned
        for item in programme:
            exercise = kb.exercises[item.id]
            assert (item.steps, item.cautions, item.dose) == (exercise.steps, exercise.cautions, exercise.dose.text())
        from_care += len(offered)
    assert from_care > 0
    assert app.home_programme(kb, "piriformis-syndrome")[0].why.startswith("may-help: ")


def test_condition_page_shows_red_flags_care_and_the_body_map(kb: hk.KnowledgeBase) -> None:
    page = app.condition_page(kb, "gluteal-tendinopathy")
    body = json.loads(page.body())
    data = body["data"]
    condition = kb.conditions["gluteal-tendinopathy"]
    assert (body["content_version"], body["fingerprint"], body["notice"]) == (
        kb.content_version,
        kb.fingerprint,
        hk.NOTICE,
    )
    assert hk.parse_record(data["condition"]) == condition
    assert [hk.RedFlag.model_validate(f) for f in data["red_flags"]] == list(condition.red_flags)
    assert data["care"] == [c.model_dump(mode="json") for c in kb.care_for(condition.id)]
    for region in condition.pain_locations:
        assert f'<g id="{region.value}" class="region pain">' in data["body_map"]
    assert {r["id"] for r in data["refers_to"]} == {
        other.id for _, other in kb.references(condition.id) if other.record_kind != "source"
    }
    assert set(condition.involved) <= {r["id"] for r in data["refers_to"]}
    assert data["disputed"] == [c.statement for c in kb.claims_about(condition.id)]


def test_muscle_page_agrees_with_the_lookups(kb: hk.KnowledgeBase) -> None:
    data = app.muscle_page(kb, "gluteus-medius").data
    assert set(data["groups"]) == kb.groups_of("gluteus-medius").ids
    assert data["antagonists"] == sorted(kb.antagonists("gluteus-medius").ids)
    assert data["techniques"] == sorted(kb.techniques_targeting("gluteus-medius").ids)
    assert data["exercises"] == sorted(kb.exercises_for("gluteus-medius").ids)
    assert data["conditions"] == sorted(kb.conditions_involving("gluteus-medius").ids)
    assert "gluteus-minimus" in data["works_with"]["hip-abduction"]
    assert "gluteus-medius" not in data["works_with"]["hip-abduction"]


def test_technique_page_or_none(kb: hk.KnowledgeBase) -> None:
    page = app.technique_page(kb, "foam-rolling")
    assert page is not None
    assert page.data["reaches"] == sorted(kb.muscles_targeted_by("foam-rolling").ids)
    assert page.data["considered_for"] == sorted(kb.conditions_treated_by("foam-rolling").ids)
    assert page.data["disputed"] == sorted(kb.claims_about("foam-rolling").ids)
    assert len(page.data["related"]) == len(kb.related("foam-rolling"))
    technique = kb.techniques["foam-rolling"]
    assert page.data["before_you_start"][: len(technique.cautions)] == list(technique.cautions)
    assert app.technique_page(kb, "psoas-major") is None  # a muscle, not a technique
    assert app.technique_page(kb, "no-such-record") is None


def test_source_page_lists_every_citing_record(kb: hk.KnowledgeBase) -> None:
    data = app.source_page(kb, "grimaldi-2015-gluteal-tendinopathy").data
    citing = {record_id for ids in data["cited_by"].values() for record_id in ids}
    assert citing == kb.cited_by("grimaldi-2015-gluteal-tendinopathy").ids
    for kind, ids in data["cited_by"].items():
        assert all(kb.lookup(i).record_kind == kind for i in ids)


def test_search_box_suggests_the_search_hits(kb: hk.KnowledgeBase) -> None:
    suggestions = app.search_box(kb, "IT band")
    assert [s["id"] for s in suggestions] == [h.record.id for h in kb.search("IT band", limit=5)]
    assert suggestions[0]["record_kind"] == kb.lookup(suggestions[0]["id"]).record_kind


def test_a_stored_body_reads_back_and_says_how_fresh_it_is(kb: hk.KnowledgeBase) -> None:
    records = kb.conditions_at("groin") | kb.records(hk.Claim)
    body = app.records_body(kb, records)
    assert app.restore(body) == list(records)
    assert app.freshness(kb, body) == "same"
    data = json.loads(body)
    older = json.dumps({**data, "fingerprint": "sha256:" + "0" * 64, "content_version": "2.0.0"})
    assert app.freshness(kb, older) == "compatible"
    oldest = json.dumps({**data, "fingerprint": "sha256:" + "0" * 64, "content_version": "1.0.0"})
    assert app.freshness(kb, oldest) == "upgrade"


def test_stored_ids_upgrade_to_the_ids_that_answer_now(kb: hk.KnowledgeBase, tmp_path: Path) -> None:
    assert app.upgrade_stored_ids(kb, ["piriformis", "psoas-major"], since="1.0.0") == {
        "piriformis": "piriformis",
        "psoas-major": "psoas-major",
    }
    # The fixture as content newer than every shipped release, with one ID renamed in it.
    shutil.copytree(MINI, tmp_path / "mini")
    manifest = tmp_path / "mini" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("1.2.0", "9.0.0"), encoding="utf-8")
    mini = hk.KnowledgeBase.from_directory(tmp_path / "mini")
    assert app.upgrade_stored_ids(mini, ["old-roll", "tech-press"], since=mini.content_version) == {
        "old-roll": "tech-roll",
        "tech-press": "tech-press",
    }


def test_review_of_an_edit_lists_what_changed(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(MINI, before)
    shutil.copytree(MINI, after)
    assert app.review_edit(before, after) == {"added": [], "removed": [], "changed": {}, "empty": True}
    muscle = after / "muscles" / "alpha-flexor.yaml"
    muscle.write_text(muscle.read_text(encoding="utf-8").replace("name: Alpha flexor", "name: Alpha hip flexor"))
    (after / "claims" / "claim-one.yaml").unlink()
    review = app.review_edit(before, after)
    assert review["removed"] == ["claim-one"]
    assert review["changed"] == {"alpha-flexor": ["name"]}
    assert review["empty"] is False


def test_exports_for_other_tools(kb: hk.KnowledgeBase, tmp_path: Path) -> None:
    files = app.export_files(kb, tmp_path)
    with contextlib.closing(sqlite3.connect(files["sqlite"])) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (len(kb),)
    assert json.loads(files["json"].read_text(encoding="utf-8"))["fingerprint"] == kb.fingerprint
    graph = json.loads(files["jsonld"].read_text(encoding="utf-8"))["@graph"]
    assert all(node["@id"].startswith("https://example.org/hip/") for node in graph)
    assert export.render(kb, "json") == files["json"].read_text(encoding="utf-8")


def test_the_intake_form_asks_every_factor_once(kb: hk.KnowledgeBase) -> None:
    questions = app.intake_questions(kb)
    assert [q["factor"] for q in questions] == sorted(kb.factors, key=lambda f: (kb.factors[f].category.value, f))
    assert all(q["question"].endswith("?") for q in questions)


def test_screening_a_client_gives_verdicts_reasons_and_red_flags(kb: hk.KnowledgeBase) -> None:
    body = json.loads(app.screen_client(kb, ["anticoagulants"], ["sciatica"]).body())
    data = body["data"]
    answer = kb.screen(["anticoagulants"], ["sciatica"])
    assert data["verdicts"] == {r.intervention.id: r.verdict.value for r in answer.results}
    assert set(data["why"]) == {r.intervention.id for r in answer.results if r.verdict is not hk.Verdict.OK}
    assert data["verdicts"]["deep-tissue-massage"] == "modify"
    assert [f["text"] for f in data["red_flags"]] == [f.red_flag.text() for f in answer.red_flags]
    assert body["notice"] == hk.NOTICE


def test_a_reach_note_says_when_a_technique_does_not_reach_a_muscle(kb: hk.KnowledgeBase) -> None:
    assert app.reach_note(kb, "foam-rolling", "psoas-major").endswith(hk.Reach.NONE.meaning)
    assert app.reach_note(kb, "foam-rolling", "obturator-externus").endswith("does not work on Obturator externus.")


def test_a_weekly_programme_is_the_built_routine_and_says_what_it_leaves_out(kb: hk.KnowledgeBase) -> None:
    data = json.loads(app.weekly_programme(kb, "gluteal-tendinopathy", ["resistance-band"]).body())["data"]
    routine = kb.build_routine("gluteal-tendinopathy", equipment=["resistance-band"], level="intermediate")
    assert [item["id"] for item in data["programme"]] == list(routine.exercise_ids)
    assert data["not_covered"] == [f"{g.kind} of {g.movement.value}" for g in routine.gaps]
    assert data["complete"] == kb.coverage(routine.exercise_ids).complete
