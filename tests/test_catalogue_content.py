"""The hip clinic catalogue: breadth, graded care with traceable sources, the new condition facts, review metadata."""

from __future__ import annotations

import hipknowledge as hk

NEW_CONDITIONS = {
    "acetabular-labral-tear", "greater-trochanteric-pain-syndrome", "adductor-related-groin-pain",
    "inguinal-related-groin-pain", "pubic-related-groin-pain", "proximal-hamstring-tendinopathy", "hip-dysplasia",
    "meralgia-paresthetica", "hip-bone-stress-injury", "osteonecrosis-of-the-femoral-head", "iliopsoas-tendinopathy",
    "deep-gluteal-syndrome", "pelvic-girdle-pain-in-pregnancy", "hip-fracture", "slipped-capital-femoral-epiphysis",
    "legg-calve-perthes-disease", "septic-arthritis-of-the-hip", "transient-synovitis-of-the-hip",
    "inflammatory-arthritis-of-the-hip", "upper-lumbar-radiculopathy", "lumbar-spinal-stenosis",
    "after-hip-replacement", "after-hip-arthroscopy",
}  # fmt: skip
TREATMENTS = {
    "education-and-advice", "load-management", "weight-management", "walking-aid", "paracetamol", "oral-nsaids",
    "topical-nsaids", "corticosteroid-injection", "shockwave-therapy", "hip-arthroscopic-surgery",
    "total-hip-replacement", "acupuncture", "dry-needling", "cold-therapy", "gait-and-running-retraining",
}  # fmt: skip
NEW_ANATOMY = {
    "quadratus-lumborum", "vastus-lateralis", "vastus-medialis", "vastus-intermedius", "rectus-abdominis",
    "external-oblique", "levator-ani", "iliofemoral-ligament", "pubofemoral-ligament", "ischiofemoral-ligament",
    "ligamentum-teres", "femoral-head-and-neck", "acetabulum", "pubic-symphysis-joint", "ischial-tuberosity",
    "proximal-hamstring-tendon", "inguinal-ligament", "femoral-triangle", "abdominal-aorta-and-iliac-arteries",
    "lateral-femoral-cutaneous-nerve", "femoral-nerve", "obturator-nerve", "gluteal-nerves", "pudendal-nerve",
}  # fmt: skip
PAEDIATRIC = {"slipped-capital-femoral-epiphysis", "legg-calve-perthes-disease", "transient-synovitis-of-the-hip"}


def test_breadth(kb: hk.KnowledgeBase) -> None:
    assert len(kb.conditions) >= 32
    assert set(kb.conditions) >= NEW_CONDITIONS
    assert set(kb.treatments) == TREATMENTS
    assert set(kb.muscles) | set(kb.structures) >= NEW_ANATOMY
    assert len(hk.BodyRegion) == 19


def test_every_care_option_is_graded_by_a_traceable_source_that_is_not_a_web_article(kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        for option in condition.care_options:
            grader = kb.sources[option.graded_by]
            assert grader.source_type is not hk.SourceType.WEB_ARTICLE, (condition.id, option.intervention)
            assert grader.doi or grader.pmid or grader.url or grader.source_type is hk.SourceType.TEXTBOOK, grader.id
            assert option.certainty is not None or option.grade, (condition.id, option.intervention)
            assert option.population


def test_supported_is_used_and_core_rests_on_a_guideline_review_or_trial(kb: hk.KnowledgeBase) -> None:
    strong = {hk.SourceType.GUIDELINE, hk.SourceType.SYSTEMATIC_REVIEW, hk.SourceType.TRIAL, hk.SourceType.CONSENSUS}
    cores = [o for c in kb.conditions.values() for o in c.care_options if o.recommendation is hk.Recommendation.CORE]
    assert cores
    for option in cores:
        # Core rests on graded evidence, or says plainly that it is expert practice, not a grade.
        graded = kb.sources[option.graded_by].source_type in strong
        assert graded or "not graded" in (option.grade or "").lower(), option
    osteoarthritis = {o.intervention: o for o in kb.conditions["hip-osteoarthritis"].care_options}
    assert osteoarthritis["strength-training"].recommendation is hk.Recommendation.CORE


def test_every_condition_says_who_how_it_starts_how_it_goes_and_whom_to_see(kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        assert condition.affects is not None, condition.id
        assert condition.onset is not None, condition.id
        assert condition.natural_history, condition.id
        assert condition.who_to_see, condition.id


def test_paediatric_conditions_say_so_and_mimics_are_paediatric(kb: hk.KnowledgeBase) -> None:
    assert {c.id for c in kb.conditions.values() if c.paediatric} >= PAEDIATRIC
    named = 0
    for condition in kb.conditions.values():
        for mimic in condition.paediatric_mimics:
            named += 1
            assert kb.conditions[mimic].paediatric, (condition.id, mimic)
    assert named


def test_related_conditions_name_a_relation_and_exist(kb: hk.KnowledgeBase) -> None:
    pairs = {(c.id, r.condition, r.relation) for c in kb.conditions.values() for r in c.related}
    assert pairs
    broader = {(a, b) for a, b, rel in pairs if rel is hk.ConditionRelation.BROADER}
    narrower = {(a, b) for a, b, rel in pairs if rel is hk.ConditionRelation.NARROWER}
    for a, b in broader:
        assert (b, a) not in broader, (a, b)  # never broader both ways
    assert broader or narrower


def test_clinical_test_accuracy_is_cited(kb: hk.KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        for test in condition.clinical_tests:
            if test.sensitivity is not None or test.specificity is not None:
                assert test.sources, (condition.id, test.name)


def test_most_conditions_carry_both_code_sets(kb: hk.KnowledgeBase) -> None:
    icd10 = {c.id for c in kb.conditions.values() if any(x.system == "ICD-10-CM" for x in c.codes)}
    icd11 = {c.id for c in kb.conditions.values() if any(x.system == "ICD-11" for x in c.codes)}
    assert len(icd10) >= 30
    assert len(icd11) >= 25


def test_every_record_says_what_its_review_checked(kb: hk.KnowledgeBase) -> None:
    for record in kb.records():
        assert record.review.areas, record.id
    assert kb.manifest.editors
    assert {a for e in kb.manifest.editors for a in e.areas} == set(hk.ReviewArea)
