"""hipknowledge: typed, versioned hip-health content with relationship lookups.

Not medical advice: the content informs; it does not diagnose or treat.

>>> import hipknowledge as hk
>>> kb = hk.load()
>>> kb.muscles["psoas-major"].innervation.roots
('L1', 'L2', 'L3')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from hipknowledge.vocab import ActionRole, BodyRegion, ExerciseKind, HipMovement

if TYPE_CHECKING:
    from hipknowledge._api import load
    from hipknowledge._knowledge import Care, KnowledgeBase, RecordMap
    from hipknowledge._search import SearchHit
    from hipknowledge._versioning import ContentDiff, Snapshot, diff

__all__ = [
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

# Importing the package reads no data and imports neither the YAML parser nor the
# knowledge base: those load on first use, so `import hipknowledge` stays cheap.
_LAZY = {
    "load": "hipknowledge._api",
    "KnowledgeBase": "hipknowledge._knowledge",
    "RecordMap": "hipknowledge._knowledge",
    "Care": "hipknowledge._knowledge",
    "SearchHit": "hipknowledge._search",
    "diff": "hipknowledge._versioning",
    "ContentDiff": "hipknowledge._versioning",
    "Snapshot": "hipknowledge._versioning",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("hipknowledge")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hipknowledge' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
