"""The intake screener: for each technique and exercise, ok, caution, modify, clearance or avoid, and why.

Every answer comes from the structured rules on the interventions (:class:`~hipknowledge.models.Rule`)
and the care options of the named conditions; nothing is read from prose. The verdict of
several findings is the strictest of them, so naming one more factor can only keep a verdict
or make it stricter.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hipknowledge.models import NOTICE, CareOption, Condition, Exercise, Factor, RedFlag, Rule, Technique
from hipknowledge.vocab import EvidenceStance, RuleAction, Severity, Verdict

__all__ = ["ConditionRedFlag", "Finding", "ScreenedIntervention", "Screening", "rule_verdict", "screen"]

Intervention = Technique | Exercise


def rule_verdict(rule: Rule) -> Verdict:
    """What a rule means for the intervention it stands on, when it applies.

    >>> from hipknowledge.models import Rule
    >>> rule_verdict(Rule(factor="x", severity="local", scope="over-the-area", action="avoid",
    ...                   reason="r", sources=("s",))).value
    'modify'
    """
    if rule.action is RuleAction.CLEARANCE:
        return Verdict.CLEARANCE
    if rule.action is RuleAction.MODIFY or rule.severity is Severity.LOCAL:
        return Verdict.MODIFY
    return Verdict.AVOID


_CARE_VERDICT = {EvidenceStance.NOT_RECOMMENDED: Verdict.AVOID, EvidenceStance.CAUTION: Verdict.CAUTION}


class Finding(BaseModel):
    """One reason behind a verdict: the rule or care option that fired, for which factor or condition."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    subject: str
    subject_kind: Literal["factor", "condition"]
    verdict: Verdict
    text: str
    rule: Rule | None = None
    care_option: CareOption | None = None
    sources: tuple[str, ...] = ()


class ScreenedIntervention(BaseModel):
    """The verdict for one technique or exercise, with every finding behind it.

    ``outside_window`` holds rules that did not fire because the factor began longer ago
    than the rule's window.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    intervention: Technique | Exercise
    verdict: Verdict
    reasons: tuple[Finding, ...] = ()
    outside_window: tuple[Finding, ...] = ()


class ConditionRedFlag(BaseModel):
    """A red flag of a named condition: the app must show it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    condition: str
    red_flag: RedFlag


class Screening(BaseModel):
    """The screener's answer: a verdict per intervention, and the red flags to show.

    Show :attr:`notice` wherever the verdicts are shown: they inform a conversation with a
    clinician; they do not replace one.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    factors: tuple[str, ...]
    conditions: tuple[str, ...]
    results: tuple[ScreenedIntervention, ...]
    red_flags: tuple[ConditionRedFlag, ...]
    notice: str = NOTICE

    def verdict_of(self, intervention_id: str) -> Verdict:
        """The verdict for one intervention of :attr:`results`."""
        for result in self.results:
            if result.intervention.id == intervention_id:
                return result.verdict
        raise KeyError(intervention_id)

    def with_verdict(self, *verdicts: Verdict | str) -> tuple[ScreenedIntervention, ...]:
        """The results whose verdict is one of ``verdicts``."""
        wanted = {Verdict(v) for v in verdicts}
        return tuple(r for r in self.results if r.verdict in wanted)


def _days(began: datetime.date | int, today: datetime.date) -> int:
    return began if isinstance(began, int) else (today - began).days


def screen(
    interventions: Iterable[Intervention],
    factors: Mapping[str, Factor],
    conditions: Mapping[str, Condition],
    care: Mapping[str, Iterable[CareOption]],
    *,
    since: Mapping[str, datetime.date | int],
    today: datetime.date,
) -> Screening:
    """Screen ``interventions`` for the given factors and conditions (already resolved to records)."""
    results = []
    for intervention in interventions:
        reasons: list[Finding] = []
        skipped: list[Finding] = []
        for rule in intervention.contraindications:
            subject = factors.get(rule.factor or "") or conditions.get(rule.condition or "")
            if subject is None:
                continue
            finding = Finding(
                subject=subject.id,
                subject_kind="factor" if rule.factor else "condition",
                verdict=rule_verdict(rule),
                text=rule.text(subject.name),
                rule=rule,
                sources=rule.sources,
            )
            window = rule.within_days
            began = since.get(subject.id)
            if window is not None and began is not None and _days(began, today) > window:
                skipped.append(finding)
            else:
                reasons.append(finding)
        for condition_id, options in care.items():
            for option in options:
                verdict = _CARE_VERDICT.get(option.stance)
                if option.intervention == intervention.id and verdict is not None:
                    name = conditions[condition_id].name
                    reasons.append(
                        Finding(
                            subject=condition_id,
                            subject_kind="condition",
                            verdict=verdict,
                            text=f"{name}: {option.stance.value.replace('-', ' ')}. {option.note}",
                            care_option=option,
                            sources=option.sources,
                        )
                    )
        verdict = max((f.verdict for f in reasons), key=lambda v: v.strictness, default=Verdict.OK)
        results.append(
            ScreenedIntervention(
                intervention=intervention, verdict=verdict, reasons=tuple(reasons), outside_window=tuple(skipped)
            )
        )
    flags = tuple(
        ConditionRedFlag(condition=condition.id, red_flag=flag)
        for condition in conditions.values()
        for flag in condition.red_flags
    )
    return Screening(factors=tuple(factors), conditions=tuple(conditions), results=tuple(results), red_flags=flags)
