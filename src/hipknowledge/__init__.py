"""hipknowledge: typed, versioned hip-health content with relationship lookups.

Not medical advice: the content informs; it does not diagnose or treat.

Everything an app needs is importable from here: the knowledge base and :func:`load`,
every record and part model, every vocabulary, every exception, the result types and
the version helpers.

>>> import hipknowledge as hk
>>> kb = hk.load()
>>> kb.muscles["psoas-major"].innervation.roots
('L1', 'L2', 'L3')
"""

from __future__ import annotations

import warnings

from hipknowledge._index import Care
from hipknowledge._knowledge import KnowledgeBase, RecordMap, Relation
from hipknowledge._load import load
from hipknowledge._prescription import Cell, Choice, Coverage, Gap, Routine
from hipknowledge._results import Results
from hipknowledge._screen import ConditionRedFlag, Finding, ScreenedIntervention, Screening
from hipknowledge._search import SearchHit
from hipknowledge.errors import (
    ContentError,
    DeprecatedIdError,
    ExportError,
    HipKnowledgeError,
    InvalidArgumentError,
    MissingExtraError,
    Problem,
    UnknownIdError,
    UnknownKindError,
    UnknownValueError,
    VersionRequirementError,
)
from hipknowledge.models import (
    NOTICE,
    RECORD_TYPES,
    Alternative,
    AnyRecord,
    CareOption,
    Claim,
    Code,
    Condition,
    Deprecation,
    Dose,
    Exercise,
    ExerciseFit,
    ExternalIds,
    Factor,
    Innervation,
    LookAlike,
    Manifest,
    Muscle,
    MuscleAction,
    MuscleGroup,
    NotApplicable,
    PainRule,
    Record,
    RecordKind,
    RedFlag,
    Review,
    Rule,
    SiteCaution,
    Source,
    SourcePosition,
    Span,
    Step,
    Structure,
    Target,
    Technique,
    parse_record,
    record_adapter,
)
from hipknowledge.versioning import ContentChanges, ContentDiff, ReleaseChanges, Snapshot, changes, diff, satisfies
from hipknowledge.vocab import (
    VOCABULARIES,
    ActionRole,
    ActionRoleValue,
    BodyRegion,
    BodyRegionValue,
    Contraction,
    Depth,
    Difficulty,
    Equipment,
    EvidenceStance,
    ExerciseType,
    ExerciseTypeValue,
    FactorCategory,
    HipMovement,
    HipMovementValue,
    Laterality,
    LoadType,
    LookAlikeCategory,
    ManualAccess,
    PainQuality,
    Plane,
    Population,
    Position,
    Reach,
    ReachValue,
    RedFlagCategory,
    RehabStage,
    RuleAction,
    Scope,
    SettleBy,
    Severity,
    SourceType,
    Stance,
    StructureType,
    Suitability,
    TechniqueType,
    Tool,
    Urgency,
    Verdict,
    Vocabulary,
)

_RENAMED: dict[str, type[Vocabulary]] = {
    "ExerciseKind": ExerciseType,
    "TechniqueKind": TechniqueType,
    "StructureKind": StructureType,
    "SourceKind": SourceType,
}


def __getattr__(name: str) -> object:
    # The version is read from the installed metadata on first use: reading it costs more
    # than loading the content, and most programs never ask.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("hipknowledge")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name in _RENAMED:  # the 1.x names of renamed vocabularies, until 3.0
        warnings.warn(
            f"hipknowledge.{name} is deprecated since 2.0.0; use {_RENAMED[name].__name__}",
            DeprecationWarning,
            stacklevel=2,
        )
        return _RENAMED[name]
    raise AttributeError(f"module 'hipknowledge' has no attribute {name!r}")


__all__ = [
    "NOTICE",
    "RECORD_TYPES",
    "VOCABULARIES",
    "ActionRole",
    "ActionRoleValue",
    "Alternative",
    "AnyRecord",
    "BodyRegion",
    "BodyRegionValue",
    "Care",
    "CareOption",
    "Cell",
    "Choice",
    "Claim",
    "Code",
    "Condition",
    "ConditionRedFlag",
    "ContentChanges",
    "ContentDiff",
    "ContentError",
    "Contraction",
    "Coverage",
    "DeprecatedIdError",
    "Deprecation",
    "Depth",
    "Difficulty",
    "Dose",
    "Equipment",
    "EvidenceStance",
    "Exercise",
    "ExerciseFit",
    "ExerciseType",
    "ExerciseTypeValue",
    "ExportError",
    "ExternalIds",
    "Factor",
    "FactorCategory",
    "Finding",
    "Gap",
    "HipKnowledgeError",
    "HipMovement",
    "HipMovementValue",
    "Innervation",
    "InvalidArgumentError",
    "KnowledgeBase",
    "Laterality",
    "LoadType",
    "LookAlike",
    "LookAlikeCategory",
    "Manifest",
    "ManualAccess",
    "MissingExtraError",
    "Muscle",
    "MuscleAction",
    "MuscleGroup",
    "NotApplicable",
    "PainQuality",
    "PainRule",
    "Plane",
    "Population",
    "Position",
    "Problem",
    "Reach",
    "ReachValue",
    "Record",
    "RecordKind",
    "RecordMap",
    "RedFlag",
    "RedFlagCategory",
    "RehabStage",
    "Relation",
    "ReleaseChanges",
    "Results",
    "Review",
    "Routine",
    "Rule",
    "RuleAction",
    "Scope",
    "ScreenedIntervention",
    "Screening",
    "SearchHit",
    "SettleBy",
    "Severity",
    "SiteCaution",
    "Snapshot",
    "Source",
    "SourcePosition",
    "SourceType",
    "Span",
    "Stance",
    "Step",
    "Structure",
    "StructureType",
    "Suitability",
    "Target",
    "Technique",
    "TechniqueType",
    "Tool",
    "UnknownIdError",
    "UnknownKindError",
    "UnknownValueError",
    "Urgency",
    "Verdict",
    "VersionRequirementError",
    "Vocabulary",
    "__version__",
    "changes",
    "diff",
    "load",
    "parse_record",
    "record_adapter",
    "satisfies",
]
