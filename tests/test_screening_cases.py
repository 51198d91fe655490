"""Worked screening cases on the shipped content: for each factor, what the screener must say.

Each row is a clinical expectation for five interventions a client might ask about (a
deep hands-on massage, foam rolling, hip flexor self-massage, heat and a strengthening
exercise). A change to the rules that alters one of these answers must change this table
too, on purpose, with a reviewer.
"""

from __future__ import annotations

import pytest

import hipknowledge as hk

INTERVENTIONS = ("deep-tissue-massage", "foam-rolling", "hip-flexor-self-massage", "heat-therapy", "glute-bridge")

EXPECTED: dict[str, tuple[str, str, str, str, str]] = {
    "acute-injury": ("modify", "modify", "modify", "modify", "clearance"),
    "anticoagulants": ("modify", "modify", "modify", "modify", "ok"),
    "aortic-or-iliac-aneurysm": ("modify", "modify", "modify", "ok", "ok"),
    "bisphosphonates-or-denosumab": ("modify", "modify", "modify", "ok", "ok"),
    "bleeding-disorder": ("modify", "modify", "modify", "modify", "ok"),
    "cancer-in-the-area": ("clearance", "modify", "modify", "modify", "ok"),
    "cannot-give-feedback": ("modify", "modify", "modify", "avoid", "ok"),
    "fever-or-unwell": ("avoid", "avoid", "avoid", "avoid", "avoid"),
    "fracture-or-suspected-fracture": ("avoid", "avoid", "avoid", "modify", "avoid"),
    "hernia": ("modify", "modify", "modify", "ok", "ok"),
    "hip-arthroscopy": ("clearance", "clearance", "clearance", "modify", "clearance"),
    "hip-instability-or-dysplasia": ("ok", "ok", "ok", "ok", "ok"),
    "hip-replacement-anterior-approach": ("clearance", "clearance", "clearance", "modify", "clearance"),
    "hip-replacement-posterior-approach": ("clearance", "clearance", "clearance", "modify", "clearance"),
    "history-of-dvt-or-pe": ("clearance", "clearance", "clearance", "ok", "ok"),
    "implanted-device": ("modify", "modify", "modify", "modify", "ok"),
    "inflammatory-arthritis-flare": ("modify", "modify", "modify", "modify", "ok"),
    "lymphoedema": ("modify", "modify", "modify", "modify", "ok"),
    "osteoporosis": ("modify", "modify", "modify", "ok", "ok"),
    "peripheral-vascular-disease": ("clearance", "clearance", "ok", "clearance", "ok"),
    "pregnancy": ("modify", "modify", "modify", "modify", "modify"),
    "recent-abdominal-or-pelvic-surgery": ("modify", "modify", "modify", "ok", "ok"),
    "recent-birth": ("modify", "modify", "modify", "ok", "ok"),
    "recent-radiotherapy": ("modify", "modify", "modify", "modify", "ok"),
    "reduced-sensation": ("modify", "modify", "modify", "avoid", "ok"),
    "skin-infection-or-wound": ("modify", "modify", "modify", "modify", "ok"),
    "suspected-dvt": ("avoid", "avoid", "avoid", "avoid", "avoid"),
    "varicose-veins": ("modify", "modify", "modify", "ok", "ok"),
}


def test_every_factor_has_a_worked_case(kb: hk.KnowledgeBase) -> None:
    assert set(EXPECTED) == set(kb.factors)


@pytest.mark.parametrize(("factor", "verdicts"), sorted(EXPECTED.items()))
def test_a_factor_alone(kb: hk.KnowledgeBase, factor: str, verdicts: tuple[str, ...]) -> None:
    answer = kb.screen([factor], interventions=INTERVENTIONS)
    assert tuple(r.verdict.value for r in answer.results) == verdicts
    for result in answer.results:
        # Every verdict stricter than ok says why, naming the factor and citing a source.
        if result.verdict is not hk.Verdict.OK:
            assert result.reasons
            assert all(f.subject == factor and f.sources for f in result.reasons)
            assert max(f.verdict.strictness for f in result.reasons) == result.verdict.strictness


def test_the_intake_in_the_issue(kb: hk.KnowledgeBase) -> None:
    # "I'm pregnant, I take anticoagulants, I had a hip replacement six weeks ago, my calf is swollen."
    answer = kb.screen(
        ["pregnancy", "anticoagulants", "hip-replacement-posterior-approach", "suspected-dvt"],
        ["hip-osteoarthritis"],
        since={"hip-replacement-posterior-approach": 42},
    )
    # A suspected clot stops everything a client does or receives, short of a clinician's own care.
    for result in answer.results:
        clinical = getattr(result.intervention, "technique_type", None) is hk.TechniqueType.CLINICAL_CARE
        allowed = {hk.Verdict.AVOID, hk.Verdict.CLEARANCE} if clinical else {hk.Verdict.AVOID}
        assert result.verdict in allowed, result.intervention.id
    assert any(flag.red_flag.category is hk.RedFlagCategory.VASCULAR for flag in answer.red_flags)
    without_clot = kb.screen(
        ["pregnancy", "anticoagulants", "hip-replacement-posterior-approach"],
        since={"hip-replacement-posterior-approach": 42},
        interventions=INTERVENTIONS,
    )
    assert without_clot.verdict_of("deep-tissue-massage") is hk.Verdict.CLEARANCE


def test_a_window_ends(kb: hk.KnowledgeBase) -> None:
    recent = kb.screen(["hip-replacement-posterior-approach"], since={"hip-replacement-posterior-approach": 14})
    long_ago = kb.screen(["hip-replacement-posterior-approach"], since={"hip-replacement-posterior-approach": 3000})
    assert recent.verdict_of("deep-tissue-massage") is hk.Verdict.CLEARANCE
    assert long_ago.verdict_of("deep-tissue-massage").strictness < recent.verdict_of("deep-tissue-massage").strictness


def test_foam_rolling_and_heat_no_longer_target_the_psoas(kb: hk.KnowledgeBase) -> None:
    for technique in ("foam-rolling", "heat-therapy", "hip-flexor-self-massage"):
        assert "psoas-major" not in kb.muscles_targeted_by(technique).ids
        assert kb.reach(technique, "psoas-major") in {hk.Reach.NONE, hk.Reach.DISPUTED}
    assert "foam-rolling" not in kb.techniques_targeting("psoas-major").ids
    assert "foam-rolling" in kb.techniques_targeting("psoas-major", reach=hk.Reach).ids
    works = [r for r in kb.related("foam-rolling") if r.name == "works-muscle" and r.other.id == "psoas-major"]
    assert [r.reach for r in works] == [kb.reach("foam-rolling", "psoas-major")]


def test_safety_text_is_searchable(kb: hk.KnowledgeBase) -> None:
    assert kb.search("DVT")[0].record.id == "suspected-dvt"
    assert kb.search("anticoagulant")[0].record.id == "anticoagulants"
    assert "deep-tissue-massage" in {h.record.id for h in kb.search("aneurysm", limit=50)}


def test_every_condition_reviews_every_red_flag_category(kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        flagged = {f.category for f in condition.red_flags}
        reviewed = {n.category for n in condition.red_flags_not_applicable}
        assert flagged | reviewed == set(hk.RedFlagCategory), condition.id
        assert not flagged & reviewed, condition.id


def test_the_review_findings_marked_dangerous_are_answered(kb: hk.KnowledgeBase) -> None:
    for condition_id in ("hip-flexor-pain", "hip-flexor-strain"):
        signs = " ".join(f.sign + " " + f.may_indicate for f in kb.conditions[condition_id].red_flags).lower()
        assert "stress" in signs, condition_id  # findings 1 and 2: bone stress injury of the femoral neck
        assert "slipped" in signs or "scfe" in signs, condition_id  # finding 3
        assert "perthes" in signs, condition_id
    for condition_id in ("sciatica", "piriformis-syndrome", "hip-osteoarthritis", "hip-flexor-strain"):
        vascular = [f for f in kb.conditions[condition_id].red_flags if f.category is hk.RedFlagCategory.VASCULAR]
        assert any(f.urgency is hk.Urgency.EMERGENCY for f in vascular), condition_id  # finding 6: PE
    for technique_id in ("deep-tissue-massage", "sports-massage", "hip-flexor-self-massage", "foam-rolling"):
        factors = {r.factor for r in kb.techniques[technique_id].contraindications}
        assert {"aortic-or-iliac-aneurysm", "hernia"} <= factors, technique_id  # findings 4 and 5
