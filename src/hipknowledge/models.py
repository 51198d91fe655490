"""Frozen pydantic models of every kind of record, and the shared vocabularies they use."""

from __future__ import annotations

import datetime
import functools
import re
import warnings
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from hipknowledge._fields import Ref, iter_references
from hipknowledge.ids import RecordId
from hipknowledge.vocab import (
    ActionRole,
    BodyRegion,
    Certainty,
    ConditionRelation,
    Contraction,
    Depth,
    Difficulty,
    Equipment,
    EvidenceStance,
    ExerciseType,
    FactorCategory,
    HipMovement,
    HipPosition,
    Laterality,
    LoadType,
    LookAlikeCategory,
    ManualAccess,
    Onset,
    PainQuality,
    Plane,
    Population,
    Position,
    Reach,
    Recommendation,
    RedFlagCategory,
    RehabStage,
    ReviewArea,
    RuleAction,
    Scope,
    SettleBy,
    Severity,
    SexBias,
    SourceType,
    Stance,
    StructureType,
    Suitability,
    TechniqueType,
    Tool,
    TreatmentType,
    Urgency,
)

__all__ = [
    "KIND_BY_FOLDER",
    "KIND_BY_NAME",
    "NOTICE",
    "RECORD_TYPES",
    "Affected",
    "Alternative",
    "AnyRecord",
    "CareOption",
    "Claim",
    "ClinicalTest",
    "Code",
    "Condition",
    "Deprecation",
    "Dose",
    "Editor",
    "Exercise",
    "ExerciseFit",
    "ExternalIds",
    "Factor",
    "Imaging",
    "Innervation",
    "InnervationPart",
    "LookAlike",
    "Manifest",
    "Muscle",
    "MuscleAction",
    "MuscleGroup",
    "NotApplicable",
    "PainRule",
    "Record",
    "RecordKind",
    "RedFlag",
    "RelatedCondition",
    "Review",
    "Rule",
    "SiteCaution",
    "Source",
    "SourcePosition",
    "Span",
    "Step",
    "Structure",
    "Target",
    "Technique",
    "Treatment",
    "parse_record",
    "record_adapter",
]

NOTICE = (
    "General information, not medical advice: it does not diagnose or treat. "
    "See a qualified clinician for pain that is severe, lasting, or comes with any red flag."
)
"""The not-medical-advice notice that every output of the package carries (CLI, exports, site)."""

# C0 controls, DEL and C1 controls, however the YAML wrote them (raw, or as an escape such
# as "\e", "\a", "\0" or "\x85"): they move terminals' cursors and break XML. A line
# break is the one control that multi-line prose may hold.
_CONTROLS_IN_PROSE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROLS_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _refuse(controls: re.Pattern[str], allowed: str) -> AfterValidator:
    def check(value: str) -> str:
        found = controls.search(value)
        if found is not None:
            raise PydanticCustomError(
                "control_character",
                "text without control characters{allowed}; found U+{code} at character {at}",
                {"allowed": allowed, "code": f"{ord(found.group()):04X}", "at": found.start() + 1},
            )
        return value

    return AfterValidator(check)


Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4000, pattern=r"^\S(?:[\s\S]*\S)?$"),
    _refuse(_CONTROLS_IN_PROSE, " (a line break is the only one allowed)"),
]
"""Non-empty prose, one line or many, trimmed; no control character but the line break."""

Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=400, pattern=r"^\S(?:[\s\S]*\S)?$"),
    _refuse(_CONTROLS_IN_LINE, " or line breaks"),
]
"""A name or label: one line, non-empty, no control character at all."""

SpinalRoot = Annotated[str, StringConstraints(pattern=r"^(?:T12|L[1-5]|S[1-5])$")]
# The segments a SpinalRoot may name, from the highest.
SPINAL_SEGMENTS = ("T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5")


MuscleRef = Annotated[RecordId, Ref("muscle")]
GroupRef = Annotated[RecordId, Ref("group")]
ConditionRef = Annotated[RecordId, Ref("condition")]
ExerciseRef = Annotated[RecordId, Ref("exercise")]
FactorRef = Annotated[RecordId, Ref("factor")]
SourceRef = Annotated[RecordId, Ref("source")]
AnatomyRef = Annotated[RecordId, Ref("muscle", "group", "structure")]
InterventionRef = Annotated[RecordId, Ref("technique", "exercise", "treatment")]
AnyRef = Annotated[RecordId, Ref("muscle", "group", "structure", "condition", "technique", "exercise")]


# --------------------------------------------------------------------------- parts


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False, defer_build=True)


class Review(_Model):
    """Who last reviewed a record, and when."""

    by: Line = Field(description="Reviewer's name or role.")
    on: datetime.date = Field(description="Date of the last review (YYYY-MM-DD).")
    areas: tuple[ReviewArea, ...] = Field(
        default=(), description="What the review checked: anatomy, clinical, coding, evidence, language."
    )


class ExternalIds(_Model):
    """Identifiers of the same entity in public ontologies, only where verified."""

    uberon: Annotated[str, StringConstraints(pattern=r"^UBERON:\d{7}$")] | None = Field(
        default=None, description="UBERON anatomy ontology ID, e.g. UBERON:0001369."
    )
    fma: Annotated[str, StringConstraints(pattern=r"^FMA:\d+$")] | None = Field(
        default=None, description="Foundational Model of Anatomy ID, e.g. FMA:18060."
    )


class InnervationPart(_Model):
    """The nerve of one part of a muscle whose parts have different nerves.

    >>> import hipknowledge as hk
    >>> [(p.part, p.nerve) for p in hk.load().muscles["biceps-femoris"].innervation.parts]
    [('long head', 'tibial part of the sciatic nerve'), ('short head', 'common fibular part of the sciatic nerve')]
    """

    part: Line = Field(description="The part, as anatomy texts name it, e.g. 'long head' or 'hamstring part'.")
    nerve: Line = Field(description="Name of the nerve supplying this part.")
    roots: tuple[SpinalRoot, ...] = Field(
        min_length=1, description="Spinal roots usually carried to this part, lowest first."
    )
    note: Text | None = Field(default=None, description="Where references differ about this part, what they say.")


class Innervation(_Model):
    """The nerve supplying a muscle and its spinal roots.

    A muscle whose parts have different nerves lists them in ``parts``; ``nerve`` then names
    them all and ``roots`` holds every root of every part, so an app reading ``roots`` alone
    still gets the whole supply.
    """

    nerve: Line = Field(description="Name of the nerve, e.g. 'femoral nerve'.")
    roots: tuple[SpinalRoot, ...] = Field(
        min_length=1, description="Spinal roots usually carried (T12, L1-L5, S1-S5), lowest first."
    )
    note: Text | None = Field(default=None, description="Where references differ, what they say.")
    parts: tuple[InnervationPart, ...] = Field(
        default=(),
        description="Where parts of the muscle have different nerves: each part's nerve and roots "
        "(two or more; empty when one nerve supplies the whole muscle).",
    )

    @model_validator(mode="after")
    def _parts_add_up(self) -> Innervation:
        if not self.parts:
            return self
        if len(self.parts) < 2:
            raise ValueError("parts lists two or more parts with different nerves, or is left out")
        names = [p.part for p in self.parts]
        if len(set(names)) != len(names):
            raise ValueError(f"parts names a part twice: {sorted({n for n in names if names.count(n) > 1})}")
        carried = {root for p in self.parts for root in p.roots}
        if carried != set(self.roots):
            raise ValueError(
                f"roots {list(self.roots)} are not every root of the parts "
                f"({sorted(carried, key=SPINAL_SEGMENTS.index)}): with parts, roots holds them all"
            )
        return self


class MuscleAction(_Model):
    """One movement of the hip that a muscle produces.

    ``position`` says when an action holds only in part of the range: piriformis turns the
    thigh outward with the hip straight, and inward with it well bent.
    """

    movement: HipMovement = Field(description="The hip movement.")
    role: ActionRole = Field(description="Prime mover or assistant for this movement.")
    position: HipPosition = Field(
        default=HipPosition.ANY, description="The hip position in which the action holds ('any' when it always does)."
    )
    note: Text | None = Field(default=None, description="Conditions on the action, e.g. 'from a flexed hip'.")


class Code(_Model):
    """A code for a condition in a published code set."""

    system: Literal["ICD-10-CM", "ICD-11"] = Field(description="The code set (ICD-11: its MMS linearization).")
    code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3,4}(?:\.[0-9A-Z]{1,4})?$")] = Field(
        description="The code as the code set writes it, with its dot, e.g. M16.11 or FA00.0."
    )
    description: Line = Field(description="The code set's own title of the code, exactly.")
    billable: bool | None = Field(
        default=None, description="ICD-10-CM: True for a billable (leaf) code, False for a heading; None for ICD-11."
    )
    side: Literal["right", "left", "bilateral", "unspecified"] | None = Field(
        default=None, description="The side the code is for, where the code set has one code per side."
    )
    note: Text | None = Field(default=None, description="How the code relates to the condition.")

    @model_validator(mode="after")
    def _billable_for_icd10(self) -> Code:
        if self.system == "ICD-10-CM" and self.billable is None:
            raise ValueError("an ICD-10-CM code says whether it is billable")
        return self


class Affected(_Model):
    """Who a condition typically affects."""

    age_from: int | None = Field(default=None, ge=0, le=120, description="Youngest typical age, in years.")
    age_to: int | None = Field(default=None, ge=0, le=120, description="Oldest typical age, in years.")
    sex: SexBias = Field(description="Whom it affects more often.")
    note: Line | None = Field(default=None, description="More about who, in one line.")


class ClinicalTest(_Model):
    """A named examination test, with its accuracy only where a source gives it."""

    name: Line = Field(description="Name of the test.")
    finding: Line = Field(description="What a positive test looks like.")
    sensitivity: float | None = Field(
        default=None, ge=0, le=1, description="Sensitivity, 0 to 1, if a source gives it."
    )
    specificity: float | None = Field(
        default=None, ge=0, le=1, description="Specificity, 0 to 1, if a source gives it."
    )
    sources: tuple[SourceRef, ...] = Field(default=(), description="Sources behind the accuracy figures.")

    @model_validator(mode="after")
    def _accuracy_cited(self) -> ClinicalTest:
        if (self.sensitivity is not None or self.specificity is not None) and not self.sources:
            raise ValueError("a test with sensitivity or specificity cites where they come from")
        return self


class Imaging(_Model):
    """When imaging helps, and which."""

    when: Text = Field(description="When imaging helps (and when it does not).")
    modalities: tuple[Line, ...] = Field(default=(), description="Which imaging, e.g. 'X-ray', 'MRI'.")


class RelatedCondition(_Model):
    """Another condition of the package, and how it relates to this one."""

    condition: ConditionRef = Field(description="The other condition.")
    relation: ConditionRelation = Field(description="How it relates: broader, narrower, look-alike, ...")
    note: Line | None = Field(default=None, description="What connects them, in one line.")


class LookAlike(_Model):
    """Another problem that can feel like this condition."""

    name: Line = Field(description="Name of the look-alike problem.")
    condition: ConditionRef | None = Field(default=None, description="Its condition ID, if the package has one.")
    category: LookAlikeCategory = Field(description="Where it comes from (hip, spine, viscera, ...).")
    note: Text = Field(description="What tells the two apart or why it matters.")


class CareOption(_Model):
    """A technique, exercise or treatment considered for a condition, graded by the best source behind it.

    ``recommendation`` and ``certainty`` (or the guideline's own ``grade``) come from
    ``graded_by``, a guideline, review or trial; ``stance`` is the package's plain summary.
    """

    intervention: InterventionRef = Field(description="ID of the technique, exercise or treatment.")
    stance: EvidenceStance = Field(description="How well it is supported for this condition, in one word.")
    recommendation: Recommendation = Field(description="What the source behind the grade recommends.")
    certainty: Certainty | None = Field(default=None, description="GRADE certainty, where the source gives one.")
    grade: Line | None = Field(default=None, description="The guideline's own grade or wording, where it has one.")
    population: Line = Field(description="Who the grade applies to.")
    graded_by: SourceRef = Field(description="The source behind the recommendation.")
    note: Text = Field(description="What it is expected to do, or why caution is needed.")
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="Sources behind the stance and the note.")

    @model_validator(mode="after")
    def _graded(self) -> CareOption:
        if self.certainty is None and self.grade is None:
            raise ValueError("a care option gives a GRADE certainty or the guideline's own grade")
        return self


class Target(_Model):
    """A muscle, group or structure a technique works on, and whether it really reaches it."""

    target: AnatomyRef = Field(description="ID of the muscle, muscle group or structure.")
    reach: Reach = Field(description="Whether the technique reaches it, on the evidence.")
    how: Text | None = Field(default=None, description="How it is reached; required for deep muscles.")


class Rule(_Model):
    """When a technique or exercise must not be done, must change, or needs a clinician's agreement.

    A rule names one screening factor or one condition. ``severity`` says how far it
    reaches, ``scope`` which part of the intervention it is about and ``action`` what it
    asks; the sentence an app shows is :meth:`text`.
    """

    factor: FactorRef | None = Field(default=None, description="The screening factor it is about.")
    condition: ConditionRef | None = Field(default=None, description="The condition it is about.")
    severity: Severity = Field(description="The whole intervention (absolute), a change (relative) or a site (local).")
    scope: Scope = Field(description="The part of the intervention it is about.")
    action: RuleAction = Field(description="Avoid, modify as `change` says, or only after clearance.")
    change: Line | None = Field(default=None, description="What to change; required when the action is modify.")
    within_days: int | None = Field(
        default=None, ge=1, le=3650, description="It applies only this many days after the factor began, if set."
    )
    reason: Line = Field(description="Why, in one line.")
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="Sources behind the rule.")

    @model_validator(mode="after")
    def _one_subject(self) -> Rule:
        if (self.factor is None) == (self.condition is None):
            raise ValueError("a rule names exactly one of factor or condition")
        if self.action is RuleAction.MODIFY and self.change is None:
            raise ValueError("a rule whose action is modify says what to change in `change`")
        return self

    @property
    def subject(self) -> str:
        """The ID of the factor or condition the rule is about."""
        return self.factor or self.condition or ""

    def text(self, subject_name: str | None = None) -> str:
        """The rule as a sentence for people, e.g. ``'Pregnancy: avoid abdominal work (…)'``."""
        who = subject_name or self.subject
        what = self.scope.value.replace("-", " ")
        if self.action is RuleAction.AVOID:
            verb = "do not use it" if self.scope is Scope.WHOLE else f"avoid {what}"
        elif self.action is RuleAction.MODIFY:
            verb = f"only changed: {self.change}"
        else:
            verb = "only after the treating clinician agrees" + ("" if self.scope is Scope.WHOLE else f" ({what})")
        window = f" (within {self.within_days} days)" if self.within_days else ""
        return f"{who}{window}: {verb.rstrip('.')}. {self.reason}"


class Span(_Model):
    """A whole number or a range of them: ``10`` or ``{min: 8, max: 12}``."""

    min: int = Field(ge=0, le=10000, description="The lowest number.")
    max: int = Field(ge=0, le=10000, description="The highest number; the same as min for a single number.")

    @model_validator(mode="before")
    @classmethod
    def _one_number(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            return {"min": data, "max": data}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.max < self.min:
            raise ValueError("max is at least min")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        # A data file may write a single number for a span: say so in the JSON Schema too.
        as_object = handler(core_schema)
        return {
            "description": cls.__doc__,
            "anyOf": [{"type": "integer", "minimum": 0, "maximum": 10000}, as_object],
        }

    def text(self) -> str:
        """``'10'`` or ``'8 to 12'``."""
        return str(self.min) if self.min == self.max else f"{self.min} to {self.max}"


class PainRule(_Model):
    """How much pain an exercise may stir up, and by when it must settle, for the dose to be right."""

    during_max: int = Field(ge=0, le=10, description="The most pain allowed during the exercise, out of 10.")
    settled_by: SettleBy = Field(description="By when pain must be back to its usual level.")
    note: Line | None = Field(default=None, description="What to do if it is not.")

    def text(self) -> str:
        """The rule as a sentence."""
        settled = {
            SettleBy.END_OF_SESSION: "by the end of the session",
            SettleBy.NEXT_MORNING: "by the next morning",
            SettleBy.TWENTY_FOUR_HOURS: "within 24 hours",
        }[self.settled_by]
        rule = f"Pain up to {self.during_max}/10 during it is acceptable if it has settled {settled}."
        return f"{rule} {self.note}" if self.note else rule


class Dose(_Model):
    """How much of an exercise to do: the structure apps and FHIR carry; :meth:`text` is for people."""

    sets: Span = Field(description="Sets per session.")
    repetitions: Span | None = Field(default=None, description="Repetitions per set, for a moving exercise.")
    hold_seconds: Span | None = Field(default=None, description="Seconds each repetition is held, for a hold.")
    duration_minutes: Span | None = Field(default=None, description="Minutes, for a walk or swim.")
    rest_seconds: Span | None = Field(default=None, description="Rest between sets, in seconds.")
    sessions_per_day: Span = Field(default_factory=lambda: Span(min=1, max=1), description="Sessions a day.")
    sessions_per_week: Span = Field(description="Sessions a week.")
    per_side: bool = Field(description="True when the dose is for each side in turn.")
    tempo: Line | None = Field(default=None, description="Speed of the movement, where it matters.")
    load: LoadType = Field(description="What provides the load.")
    load_note: Line | None = Field(default=None, description="How much load, and when to add more.")
    pain: PainRule = Field(description="How much pain is acceptable, and by when it must settle.")

    @model_validator(mode="after")
    def _how_much(self) -> Dose:
        if self.repetitions is None and self.hold_seconds is None and self.duration_minutes is None:
            raise ValueError("a dose gives repetitions, hold_seconds or duration_minutes")
        return self

    def text(self) -> str:
        """The dose as a sentence, e.g. ``'2 to 3 sets of 10 repetitions on each side, 3 times a week.'``"""
        if self.duration_minutes is not None:
            amount = f"{self.duration_minutes.text()} minutes"
        else:
            reps = f"{self.repetitions.text()} repetitions" if self.repetitions is not None else ""
            holds = ""
            if self.hold_seconds is not None:
                holds = f"{self.hold_seconds.text()}-second hold" + ("s" if self.repetitions is None else " each")
            amount = f"{self.sets.text()} set{'s' if self.sets.max != 1 else ''} of " + ", ".join(
                part for part in (reps, holds) if part
            )
        side = " on each side" if self.per_side else ""
        daily = f"{self.sessions_per_day.text()} times a day, " if self.sessions_per_day.max > 1 else ""
        days = "day" if self.sessions_per_week.max == 1 else "days"
        weekly = f"{daily}{self.sessions_per_week.text()} {days} a week"
        rest = f"; rest {self.rest_seconds.text()} seconds between sets" if self.rest_seconds else ""
        tempo = f"; {self.tempo[0].lower()}{self.tempo[1:].rstrip('.')}" if self.tempo else ""
        load = f" {self.load_note}" if self.load_note else ""
        return f"{amount}{side}, {weekly}{rest}{tempo}.{load} {self.pain.text()}"


class Step(_Model):
    """One rung of an exercise's ladder: the easier or harder exercise, and when to move to it."""

    exercise: ExerciseRef = Field(description="The exercise one step away.")
    when: Line = Field(description="When to move to it, e.g. '3 sets of 15 are easy and pain-free'.")
    changes_family: bool = Field(
        default=False, description="True when the step leaves the movement and type of this exercise on purpose."
    )


class Alternative(_Model):
    """A substitute for when equipment, position or a contraindication rules an exercise out."""

    exercise: ExerciseRef = Field(description="The substitute.")
    when: Line = Field(description="When to use it instead.")


class ExerciseFit(_Model):
    """What a condition says about one exercise: recommended, modify (how) or avoid, and why."""

    exercise: ExerciseRef = Field(description="The exercise.")
    suitability: Suitability = Field(description="Recommended, modify or avoid.")
    how: Line | None = Field(default=None, description="How to change it; required for modify.")
    reason: Line = Field(description="Why, in one line.")
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="Sources behind it.")

    @model_validator(mode="after")
    def _how_for_modify(self) -> ExerciseFit:
        if self.suitability is Suitability.MODIFY and self.how is None:
            raise ValueError("a modify entry says how in `how`")
        return self


class SiteCaution(_Model):
    """A place on the body a technique must not press on, whoever the client is."""

    site: Line = Field(description="The site, in plain words.")
    structure: AnatomyRef | None = Field(default=None, description="The structure there, if the package has it.")
    reason: Line = Field(description="Why, in one line.")
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="Sources behind it.")

    def text(self) -> str:
        """The caution as a sentence for people."""
        return f"Not over {self.site}: {self.reason}"


class RedFlag(_Model):
    """A sign that something more serious may be going on, and how soon to be seen."""

    category: RedFlagCategory = Field(description="The kind of serious problem it may point to.")
    urgency: Urgency = Field(description="How soon to be seen.")
    population: tuple[Population, ...] = Field(default=(), description="Who it applies to; everyone if empty.")
    sign: Text = Field(description="The sign, in plain words a client would recognise.")
    may_indicate: Line = Field(description="What it may point to.")
    condition: ConditionRef | None = Field(default=None, description="That condition's ID, if the package has one.")
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="Sources behind it.")

    def text(self) -> str:
        """The red flag as a sentence for people: the sign, what it may point to, and what to do."""
        who = f" ({', '.join(p.value.replace('-', ' ') for p in self.population)})" if self.population else ""
        return f"{self.sign}{who} [{self.urgency.value}; may point to {self.may_indicate.rstrip('.')}]"


class NotApplicable(_Model):
    """A red-flag category reviewed for a condition and found not to apply, with why."""

    category: RedFlagCategory = Field(description="The category reviewed.")
    reason: Line = Field(description="Why it does not apply to this condition.")


class SourcePosition(_Model):
    """What one source says on a technique or claim."""

    source: SourceRef = Field(description="ID of the source.")
    stance: Stance = Field(description="Its stance.")
    summary: Text = Field(description="Its position, in the project's own words.")


# --------------------------------------------------------------------------- records

RecordKind = Literal[
    "muscle", "group", "structure", "condition", "technique", "exercise", "treatment", "factor", "source", "claim"
]
"""The kinds of record, as ``record_kind`` and :attr:`Record.kind_name` spell them."""

_RECORD_KIND = "What kind of record this is; the same for every record of a class, and set by it."


def _renamed_field(old: str, new: str) -> Any:
    """A validator that reads a 1.x field name as its 2.0 name, with a DeprecationWarning."""

    def rename(cls: type[BaseModel], data: Any) -> Any:
        if isinstance(data, Mapping) and old in data and new not in data:
            warnings.warn(
                f"{cls.__name__}: the field {old!r} is called {new!r} since 2.0.0; {old!r} is read until 3.0",
                DeprecationWarning,
                stacklevel=2,
            )
            data = {new if key == old else key: value for key, value in data.items()}
        return data

    return model_validator(mode="before")(classmethod(rename))  # type: ignore[arg-type]


class Record(_Model):
    """Fields every record has.

    Each kind of record names itself once, here on its class, and everything else
    (data folders, knowledge-base mappings, tables, page titles) reads these names:
    :attr:`kind_name` (``"muscle"``), :attr:`folder` (the plural, ``"muscles"``: the data
    folder, the :class:`~hipknowledge.KnowledgeBase` mapping and the export table) and
    :attr:`title` (``"Muscles"``).
    """

    kind_name: ClassVar[RecordKind]
    folder: ClassVar[str] = ""
    title: ClassVar[str] = "Records"

    record_kind: RecordKind = Field(description=_RECORD_KIND)
    id: RecordId = Field(description="Stable ID: lowercase kebab-case, equal to the file name.")
    name: Line = Field(description="Display name.")
    aliases: tuple[Line, ...] = Field(default=(), description="Other names people use, for search.")
    review: Review = Field(description="Who last reviewed the record, and when.")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # The class's kind is the default of its record_kind field: named once.
        default = cls.model_fields["record_kind"].default
        if isinstance(default, str):
            cls.kind_name = default  # type: ignore[assignment]

    def source_ids(self) -> frozenset[str]:
        """Every source ID this record cites, wherever in the record it stands."""
        return frozenset(ref for _loc, ref, kinds in iter_references(self) if kinds == ("source",))


class _Cited(Record):
    sources: tuple[SourceRef, ...] = Field(min_length=1, description="IDs of the sources of the record's facts.")


class Source(Record):
    """A publication the content is built from; its name is its title.

    >>> import hipknowledge as hk
    >>> hk.load().sources["upright-health-massage-wont-fix"].publisher
    'Upright Health'
    """

    record_kind: Literal["source"] = Field(default="source", description=_RECORD_KIND)
    title: ClassVar[str] = "Sources"
    folder: ClassVar[str] = "sources"

    source_type: SourceType = Field(description="What kind of publication it is.")
    _renamed = _renamed_field("kind", "source_type")
    publisher: Line | None = Field(default=None, description="Publisher, where the source names one.")
    authors: tuple[Line, ...] = Field(default=(), description="Authors or editors, where named.")
    year: int | None = Field(default=None, ge=1800, le=2100, description="Year of publication, where known.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Where it can be read."
    )
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = Field(
        default=None, description="DOI, where it has one."
    )
    pmid: Annotated[str, StringConstraints(pattern=r"^[1-9]\d{0,8}$")] | None = Field(
        default=None, description="PubMed ID, where it has one."
    )
    accessed: datetime.date | None = Field(default=None, description="When the URL was read, for a web page.")
    interest: Line | None = Field(
        default=None, description="A commercial or advocacy interest of the author or publisher, where there is one."
    )
    summary: Text = Field(description="What the source argues, in the project's own words.")
    cites: tuple[Line, ...] = Field(default=(), description="Works the source itself names as its sources.")


class MuscleGroup(_Cited):
    """A named group of muscles, such as the hip flexors; members name their groups.

    >>> import hipknowledge as hk
    >>> [m.id for m in hk.load().members("hip-flexors")][:3]
    ['iliacus', 'pectineus', 'psoas-major']
    """

    record_kind: Literal["group"] = Field(default="group", description=_RECORD_KIND)
    title: ClassVar[str] = "Muscle groups"
    folder: ClassVar[str] = "groups"

    summary: Text = Field(description="What the group is and does.")


class Structure(_Cited):
    """A non-muscle structure: tendon, fascia, joint, nerve, bursa, ..."""

    record_kind: Literal["structure"] = Field(default="structure", description=_RECORD_KIND)
    title: ClassVar[str] = "Structures"
    folder: ClassVar[str] = "structures"

    structure_type: StructureType = Field(description="What the structure is.")
    _renamed = _renamed_field("kind", "structure_type")
    summary: Text = Field(description="What and where it is.")
    related_muscles: tuple[MuscleRef, ...] = Field(default=(), description="Muscles attached to or beside it.")


class Muscle(_Cited):
    """A muscle acting on the hip.

    >>> import hipknowledge as hk
    >>> hk.load().muscles["psoas-major"].innervation.roots
    ('L1', 'L2', 'L3')
    """

    record_kind: Literal["muscle"] = Field(default="muscle", description=_RECORD_KIND)
    title: ClassVar[str] = "Muscles"
    folder: ClassVar[str] = "muscles"

    groups: tuple[GroupRef, ...] = Field(min_length=1, description="IDs of the groups it belongs to.")
    summary: Text = Field(description="What the muscle is and does, in brief.")
    origin: Text = Field(description="Where it arises.")
    insertion: Text = Field(description="Where it attaches.")
    innervation: Innervation = Field(description="Its nerve supply.")
    crosses_hip: bool = Field(
        default=True, description="False for a muscle of the hip region that does not cross the joint (psoas minor)."
    )
    actions: tuple[MuscleAction, ...] = Field(
        default=(), description="What it does at the hip; at least one when it crosses the hip, none otherwise."
    )
    other_actions: tuple[Text, ...] = Field(default=(), description="What it does elsewhere (knee, spine).")
    depth: Depth = Field(description="How deep it lies.")
    manual_access: ManualAccess = Field(description="Whether hands or hand-held tools can reach it.")
    access_note: Text | None = Field(default=None, description="How it is reached, or why that is disputed.")
    # model_construct: the empty default needs no validation, and building a validator just
    # for it would cost every load from the bundle the time it takes to build one.
    external_ids: ExternalIds = Field(default_factory=ExternalIds.model_construct, description="Verified ontology IDs.")
    anatomy_notes: tuple[Text, ...] = Field(default=(), description="Where anatomy references differ.")

    @model_validator(mode="after")
    def _actions_fit_crossing(self) -> Muscle:
        if self.crosses_hip and not self.actions:
            raise ValueError("a muscle that crosses the hip needs at least one hip action")
        if not self.crosses_hip and self.actions:
            raise ValueError("a muscle that does not cross the hip has no hip actions (use other_actions)")
        return self

    def movements(self) -> frozenset[HipMovement]:
        """The hip movements this muscle produces, as prime mover or assistant."""
        return frozenset(action.movement for action in self.actions)


class Condition(_Cited):
    """A cause of hip pain.

    >>> import hipknowledge as hk
    >>> [r.value for r in hk.load().conditions["piriformis-syndrome"].pain_locations]
    ['buttock']
    """

    record_kind: Literal["condition"] = Field(default="condition", description=_RECORD_KIND)
    title: ClassVar[str] = "Conditions"
    folder: ClassVar[str] = "conditions"

    summary: Text = Field(description="What it is, in plain words.")
    codes: tuple[Code, ...] = Field(default=(), description="Verified codes (ICD-10-CM).")
    pain_locations: tuple[BodyRegion, ...] = Field(min_length=1, description="Where the pain is mostly felt.")
    radiates_to: tuple[BodyRegion, ...] = Field(default=(), description="Where the pain may spread.")
    pain_character: tuple[PainQuality, ...] = Field(min_length=1, description="How the pain is described.")
    aggravators: tuple[Text, ...] = Field(min_length=1, description="What typically makes it worse.")
    involved: tuple[AnatomyRef, ...] = Field(min_length=1, description="Muscles, groups and structures involved.")
    look_alikes: tuple[LookAlike, ...] = Field(default=(), description="Problems that can feel the same.")
    red_flags: tuple[RedFlag, ...] = Field(min_length=1, description="Signs that call for a clinician, and how soon.")
    red_flags_not_applicable: tuple[NotApplicable, ...] = Field(
        default=(), description="Red-flag categories reviewed for it and found not to apply, each with why."
    )
    care_options: tuple[CareOption, ...] = Field(
        default=(), description="Techniques and exercises considered, each with its stance and sources."
    )
    notes: tuple[Text, ...] = Field(default=(), description="Further points, e.g. where sources disagree.")
    affects: Affected | None = Field(default=None, description="Who it typically affects.")
    onset: Onset | None = Field(default=None, description="How it usually starts.")
    mechanism: Text | None = Field(default=None, description="How it comes about.")
    risk_factors: tuple[Line, ...] = Field(default=(), description="What makes it more likely.")
    clinical_tests: tuple[ClinicalTest, ...] = Field(default=(), description="Key examination tests.")
    imaging: Imaging | None = Field(default=None, description="When imaging helps, and which.")
    natural_history: Text | None = Field(default=None, description="How it tends to go over time.")
    who_to_see: tuple[Line, ...] = Field(default=(), description="Who to see about it.")
    outcome_measures: tuple[Line, ...] = Field(default=(), description="Validated questionnaires that follow it.")
    related: tuple[RelatedCondition, ...] = Field(default=(), description="Related conditions of the package.")
    paediatric: bool = Field(default=False, description="True for a condition of children and teenagers.")
    paediatric_mimics: tuple[ConditionRef, ...] = Field(
        default=(), description="Childhood conditions that can look like this one in a child or teenager."
    )
    exercise_fit: tuple[ExerciseFit, ...] = Field(
        default=(), description="Exercises recommended, to modify or to avoid for it, with why."
    )
    movements_to_train: tuple[HipMovement, ...] = Field(
        default=(), description="Movements an exercise programme for it should strengthen."
    )


class Technique(_Cited):
    """A massage technique, self-massage tool, heat, or adjunct care.

    >>> import hipknowledge as hk
    >>> foam = hk.load().techniques["foam-rolling"]
    >>> [(t.target, t.reach.value) for t in foam.targets if t.target == "psoas-major"]
    [('psoas-major', 'none')]
    """

    record_kind: Literal["technique"] = Field(default="technique", description=_RECORD_KIND)
    title: ClassVar[str] = "Techniques"
    folder: ClassVar[str] = "techniques"

    technique_type: TechniqueType = Field(description="Family of technique.")
    _renamed = _renamed_field("kind", "technique_type")
    summary: Text = Field(description="What it is.")
    tools: tuple[Tool, ...] = Field(default=(), description="What it is done with.")
    targets: tuple[Target, ...] = Field(min_length=1, description="What it works on, and how deep ones are reached.")
    effects: tuple[Text, ...] = Field(min_length=1, description="What it is intended to do.")
    contraindications: tuple[Rule, ...] = Field(
        min_length=1, description="Who must not have it, must have it changed, or needs clearance first."
    )
    site_cautions: tuple[SiteCaution, ...] = Field(default=(), description="Places not to press on, for anyone.")
    cautions: tuple[Text, ...] = Field(default=(), description="General advice for anyone who uses it.")
    used_for: tuple[ConditionRef, ...] = Field(default=(), description="Conditions it is used for.")
    evidence: EvidenceStance = Field(description="The project's overall stance on it for hip pain.")
    positions: tuple[SourcePosition, ...] = Field(default=(), description="What each source says of it.")


class Exercise(_Cited):
    """A stretch, strengthening, mobility or conditioning exercise.

    ``movements`` are the hip movements the exercise moves into: the primary muscles
    produce them in strengthening work, and are lengthened by them in a stretch.

    >>> import hipknowledge as hk
    >>> hk.load().exercises["half-kneeling-hip-flexor-stretch"].exercise_type.value
    'stretch'
    """

    record_kind: Literal["exercise"] = Field(default="exercise", description=_RECORD_KIND)
    title: ClassVar[str] = "Exercises"
    folder: ClassVar[str] = "exercises"

    exercise_type: ExerciseType = Field(description="What it mainly trains.")
    _renamed = _renamed_field("kind", "exercise_type")
    summary: Text = Field(description="What it is for.")
    movements: tuple[HipMovement, ...] = Field(min_length=1, description="Hip movements it moves into.")
    primary_muscles: tuple[MuscleRef, ...] = Field(min_length=1, description="Muscles mainly trained or stretched.")
    secondary_muscles: tuple[MuscleRef, ...] = Field(default=(), description="Muscles also involved.")
    position: Position = Field(description="Starting position.")
    equipment: tuple[Equipment, ...] = Field(min_length=1, description="What is needed ('none' for nothing).")
    steps: tuple[Text, ...] = Field(min_length=2, description="How to do it, one step per item.")
    dose: Dose = Field(description="A cautious starting dose, as data; dose.text() for people.")
    difficulty: Difficulty = Field(description="How demanding it is.")
    contraction: Contraction | None = Field(
        default=None, description="How the working muscles contract; required for strengthening."
    )
    laterality: Laterality = Field(description="One side at a time, or both together.")
    weight_bearing: bool = Field(description="True when the legs carry body weight during it.")
    stages: tuple[RehabStage, ...] = Field(min_length=1, description="The rehabilitation stages it suits.")
    working_muscles: tuple[MuscleRef, ...] = Field(
        default=(), description="For a stretch: muscles that work to hold the position (not stretched)."
    )
    easier: tuple[Step, ...] = Field(default=(), description="Easier exercises one step down, with when to move.")
    harder: tuple[Step, ...] = Field(default=(), description="Harder exercises one step up, with when to move.")
    alternatives: tuple[Alternative, ...] = Field(default=(), description="Substitutes, with when to use them.")
    contraindications: tuple[Rule, ...] = Field(
        min_length=1, description="Who must not do it, must change it, or needs clearance first."
    )
    cautions: tuple[Text, ...] = Field(default=(), description="General advice: when to stop or ease off.")

    @property
    def planes(self) -> frozenset[Plane]:
        """The planes of motion it works in."""
        return frozenset(m.plane for m in self.movements)

    @property
    def trains(self) -> frozenset[HipMovement]:
        """The movements whose muscles it works: the ones it moves into, or for a stretch their opposites
        (a stretch into extension lengthens the flexors)."""
        if self.exercise_type is ExerciseType.STRETCH:
            return frozenset(m.opposite for m in self.movements)
        return frozenset(self.movements)


class Treatment(_Cited):
    """An intervention that is neither a technique nor an exercise: education, medicines, injections, surgery, ...

    Conditions grade it in their care options like any other intervention.
    """

    record_kind: Literal["treatment"] = Field(default="treatment", description=_RECORD_KIND)
    title: ClassVar[str] = "Treatments"
    folder: ClassVar[str] = "treatments"

    treatment_type: TreatmentType = Field(description="What kind of treatment it is.")
    summary: Text = Field(description="What it is and what it involves.")
    given_by: tuple[Line, ...] = Field(default=(), description="Who provides it, e.g. 'physiotherapist', 'GP'.")
    risks: tuple[Line, ...] = Field(default=(), description="Its main risks and side effects, in plain words.")


class Factor(_Cited):
    """Something an intake form asks about, because it changes what is safe: pregnancy, anticoagulants, ...

    >>> import hipknowledge as hk
    >>> hk.load().factors["anticoagulants"].question
    'Do you take medicine to thin your blood or stop it clotting?'
    """

    record_kind: Literal["factor"] = Field(default="factor", description=_RECORD_KIND)
    title: ClassVar[str] = "Screening factors"
    folder: ClassVar[str] = "factors"

    category: FactorCategory = Field(description="The area of health it belongs to.")
    question: Line = Field(description="The plain intake question, in the second person, one line.")
    summary: Text = Field(description="What it is and why it matters for hands-on care and exercise.")
    window_days: int | None = Field(
        default=None, ge=1, le=3650, description="How long it counts as recent, in days, where that matters."
    )
    conditions: tuple[ConditionRef, ...] = Field(default=(), description="Conditions of the package it relates to.")


class Claim(Record):
    """A statement the sources disagree on, with each source's stance.

    >>> import hipknowledge as hk
    >>> sorted({p.stance.value for p in hk.load().claims["massage-alone-resolves-hip-pain"].positions})
    ['doubts', 'qualified']
    """

    record_kind: Literal["claim"] = Field(default="claim", description=_RECORD_KIND)
    title: ClassVar[str] = "Claims"
    folder: ClassVar[str] = "claims"

    statement: Text = Field(description="The statement, neutrally worded.")
    subjects: tuple[AnyRef, ...] = Field(min_length=1, description="Records the claim is about.")
    positions: tuple[SourcePosition, ...] = Field(min_length=2, description="Each source's stance.")
    note: Text | None = Field(default=None, description="Context a reader needs.")


#: Every kind of record, in the order the package presents them: the one list of kinds.
RECORD_TYPES: tuple[type[Record], ...] = (
    Muscle,
    MuscleGroup,
    Structure,
    Condition,
    Technique,
    Exercise,
    Treatment,
    Factor,
    Source,
    Claim,
)
KIND_BY_NAME: dict[str, type[Record]] = {cls.kind_name: cls for cls in RECORD_TYPES}

AnyRecord = Annotated[
    Union[Muscle, MuscleGroup, Structure, Condition, Technique, Exercise, Treatment, Factor, Source, Claim],  # noqa: UP007
    Field(discriminator="record_kind"),
]
"""Any record, told apart by its ``record_kind``: the type to parse a stored record with.

``match`` on it, or test ``record.record_kind``, and a type checker narrows to the class.
"""


@functools.cache
def record_adapter() -> TypeAdapter[AnyRecord]:
    """The ready :class:`~pydantic.TypeAdapter` for :data:`AnyRecord` (built on first use)."""
    return TypeAdapter(AnyRecord)


def parse_record(data: Mapping[str, Any] | str | bytes) -> AnyRecord:
    """A record back from its dump: a mapping from ``model_dump()``, or JSON text from ``model_dump_json()``.

    The ``record_kind`` in the data chooses the class; a dump without it is refused, since
    nothing else says what it is.

    >>> import hipknowledge as hk
    >>> psoas = hk.load().muscles["psoas-major"]
    >>> hk.parse_record(psoas.model_dump_json()) == psoas
    True
    """
    if isinstance(data, (str, bytes)):
        return record_adapter().validate_json(data)
    return record_adapter().validate_python(data)


KIND_BY_FOLDER: dict[str, type[Record]] = {cls.folder: cls for cls in RECORD_TYPES}


# --------------------------------------------------------------------------- content metadata

SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")]


class Editor(_Model):
    """One of the content's editors: a role (a name where the editor gives one) and what they review."""

    role: Line = Field(description="The editor's role and qualification, e.g. 'physiotherapist (MSK)'.")
    name: Line | None = Field(default=None, description="The editor's name, where given.")
    areas: tuple[ReviewArea, ...] = Field(min_length=1, description="What they review.")


class Manifest(_Model):
    """Facts about the content as a whole: its version, licence and editors."""

    content_version: SemVer = Field(description="Semantic version of the content (MAJOR.MINOR.PATCH).")
    license: Line = Field(description="SPDX identifier of the content's licence.")
    title: Line = Field(description="Name of the content set.")
    editors: tuple[Editor, ...] = Field(default=(), description="Who edits and reviews the content, by role.")


class Deprecation(_Model):
    """An ID that was renamed or merged, and the ID that replaces it."""

    id: RecordId = Field(description="The old ID, no longer a record of its own.")
    replaced_by: RecordId = Field(description="The ID that answers in its place.")
    since: SemVer = Field(description="Content version that made the change.")
    reason: Text = Field(description="Why it changed.")
