"""hipknowledge: typed, versioned hip-health content with relationship lookups.

Not medical advice: the content informs; it does not diagnose or treat.

>>> import hipknowledge as hk
>>> kb = hk.load()
>>> kb.muscles["psoas-major"].innervation.roots
('L1', 'L2', 'L3')
"""

from __future__ import annotations

from hipknowledge._knowledge import Care, KnowledgeBase, RecordMap, Relation
from hipknowledge._load import load
from hipknowledge._search import SearchHit
from hipknowledge.errors import (
    ContentError,
    DeprecatedIdError,
    HipKnowledgeError,
    Problem,
    UnknownIdError,
    UnknownKindError,
    VersionRequirementError,
)
from hipknowledge.models import (
    NOTICE,
    CareOption,
    Claim,
    Condition,
    Exercise,
    Muscle,
    MuscleGroup,
    Record,
    Source,
    Structure,
    Technique,
)
from hipknowledge.versioning import ContentDiff, Snapshot, diff
from hipknowledge.vocab import ActionRole, BodyRegion, ExerciseKind, HipMovement


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata on first use: reading it costs more
    # than loading the content, and most programs never ask.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("hipknowledge")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'hipknowledge' has no attribute {name!r}")


__all__ = [
    "NOTICE",
    "ActionRole",
    "BodyRegion",
    "Care",
    "CareOption",
    "Claim",
    "Condition",
    "ContentDiff",
    "ContentError",
    "DeprecatedIdError",
    "Exercise",
    "ExerciseKind",
    "HipKnowledgeError",
    "HipMovement",
    "KnowledgeBase",
    "Muscle",
    "MuscleGroup",
    "Problem",
    "Record",
    "RecordMap",
    "Relation",
    "SearchHit",
    "Snapshot",
    "Source",
    "Structure",
    "Technique",
    "UnknownIdError",
    "UnknownKindError",
    "VersionRequirementError",
    "__version__",
    "diff",
    "load",
]
