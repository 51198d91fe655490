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
    AnyRecord,
    CareOption,
    Claim,
    Code,
    Condition,
    Deprecation,
    Exercise,
    ExternalIds,
    Factor,
    Innervation,
    LookAlike,
    Manifest,
    Muscle,
    MuscleAction,
    MuscleGroup,
    NotApplicable,
    Record,
    RecordKind,
    RedFlag,
    Review,
    Rule,
    SiteCaution,
    Source,
    SourcePosition,
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
    Depth,
    Difficulty,
    Equipment,
    EvidenceStance,
    ExerciseType,
    ExerciseTypeValue,
    FactorCategory,
    HipMovement,
    HipMovementValue,
    LookAlikeCategory,
    ManualAccess,
    PainQuality,
    Plane,
    Population,
    Position,
    Reach,
    ReachValue,
    RedFlagCategory,
    RuleAction,
    Scope,
    Severity,
    SourceType,
    Stance,
    StructureType,
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
    "AnyRecord",
    "BodyRegion",
    "BodyRegionValue",
    "Care",
    "CareOption",
    "Claim",
    "Code",
    "Condition",
    "ConditionRedFlag",
    "ContentChanges",
    "ContentDiff",
    "ContentError",
    "DeprecatedIdError",
    "Deprecation",
    "Depth",
    "Difficulty",
    "Equipment",
    "EvidenceStance",
    "Exercise",
    "ExerciseType",
    "ExerciseTypeValue",
    "ExportError",
    "ExternalIds",
    "Factor",
    "FactorCategory",
    "Finding",
    "HipKnowledgeError",
    "HipMovement",
    "HipMovementValue",
    "Innervation",
    "InvalidArgumentError",
    "KnowledgeBase",
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
    "Relation",
    "ReleaseChanges",
    "Results",
    "Review",
    "Rule",
    "RuleAction",
    "Scope",
    "ScreenedIntervention",
    "Screening",
    "SearchHit",
    "Severity",
    "SiteCaution",
    "Snapshot",
    "Source",
    "SourcePosition",
    "SourceType",
    "Stance",
    "Structure",
    "StructureType",
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
