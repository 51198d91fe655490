"""The shared vocabularies: every enumerated value a record or a query may use.

Each member's value is what data files, exports and query arguments spell.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ActionRole",
    "BodyRegion",
    "Depth",
    "Difficulty",
    "Equipment",
    "EvidenceStance",
    "ExerciseKind",
    "HipMovement",
    "LookAlikeCategory",
    "ManualAccess",
    "PainQuality",
    "Plane",
    "Position",
    "SourceKind",
    "Stance",
    "StructureKind",
    "TechniqueKind",
    "Tool",
]


class Plane(str, Enum):
    """Anatomical plane a hip movement happens in."""

    SAGITTAL = "sagittal"
    FRONTAL = "frontal"
    TRANSVERSE = "transverse"


class HipMovement(str, Enum):
    """The six movements of the hip joint.

    >>> HipMovement("hip-flexion").opposite
    <HipMovement.EXTENSION: 'hip-extension'>
    >>> HipMovement.ABDUCTION.plane.value
    'frontal'
    """

    FLEXION = "hip-flexion"
    EXTENSION = "hip-extension"
    ABDUCTION = "hip-abduction"
    ADDUCTION = "hip-adduction"
    INTERNAL_ROTATION = "hip-internal-rotation"
    EXTERNAL_ROTATION = "hip-external-rotation"

    @property
    def opposite(self) -> HipMovement:
        """The movement that undoes this one (its antagonist movement)."""
        return _OPPOSITE[self]

    @property
    def plane(self) -> Plane:
        """The plane this movement happens in."""
        return _PLANE[self]


_OPPOSITE = {
    HipMovement.FLEXION: HipMovement.EXTENSION,
    HipMovement.EXTENSION: HipMovement.FLEXION,
    HipMovement.ABDUCTION: HipMovement.ADDUCTION,
    HipMovement.ADDUCTION: HipMovement.ABDUCTION,
    HipMovement.INTERNAL_ROTATION: HipMovement.EXTERNAL_ROTATION,
    HipMovement.EXTERNAL_ROTATION: HipMovement.INTERNAL_ROTATION,
}
_PLANE = {
    HipMovement.FLEXION: Plane.SAGITTAL,
    HipMovement.EXTENSION: Plane.SAGITTAL,
    HipMovement.ABDUCTION: Plane.FRONTAL,
    HipMovement.ADDUCTION: Plane.FRONTAL,
    HipMovement.INTERNAL_ROTATION: Plane.TRANSVERSE,
    HipMovement.EXTERNAL_ROTATION: Plane.TRANSVERSE,
}


class ActionRole(str, Enum):
    """How much a muscle contributes to a movement."""

    PRIME_MOVER = "prime-mover"
    ASSISTANT = "assistant"


class BodyRegion(str, Enum):
    """Where pain is felt; the region IDs of the body map shipped with the package."""

    LOWER_BACK = "lower-back"
    SACROILIAC = "sacroiliac"
    BUTTOCK = "buttock"
    LATERAL_HIP = "lateral-hip"
    ANTERIOR_HIP = "anterior-hip"
    GROIN = "groin"
    LOWER_ABDOMEN = "lower-abdomen"
    ANTERIOR_THIGH = "anterior-thigh"
    MEDIAL_THIGH = "medial-thigh"
    LATERAL_THIGH = "lateral-thigh"
    POSTERIOR_THIGH = "posterior-thigh"
    LATERAL_KNEE = "lateral-knee"
    LOWER_LEG = "lower-leg"
    FOOT = "foot"


class PainQuality(str, Enum):
    """How pain is described."""

    ACHING = "aching"
    BURNING = "burning"
    CLICKING = "clicking"
    DEEP = "deep"
    DULL = "dull"
    NAGGING = "nagging"
    NUMBNESS = "numbness"
    RADIATING = "radiating"
    SHARP = "sharp"
    SHOOTING = "shooting"
    SNAPPING = "snapping"
    STIFFNESS = "stiffness"
    TINGLING = "tingling"


class Depth(str, Enum):
    """How deep a muscle lies under the skin."""

    SUPERFICIAL = "superficial"
    INTERMEDIATE = "intermediate"
    DEEP = "deep"


class ManualAccess(str, Enum):
    """Whether hands (or hand-held tools) can reach a muscle."""

    DIRECT = "direct"
    THROUGH_OVERLYING_TISSUE = "through-overlying-tissue"
    DISPUTED = "disputed"
    NOT_ACCESSIBLE = "not-accessible"


class StructureKind(str, Enum):
    """What a non-muscle structure is."""

    BONE = "bone"
    BURSA = "bursa"
    CARTILAGE = "cartilage"
    FASCIA = "fascia"
    JOINT = "joint"
    LIGAMENT = "ligament"
    NERVE = "nerve"
    TENDON = "tendon"


class TechniqueKind(str, Enum):
    """Families of techniques and adjunct care."""

    HANDS_ON_MASSAGE = "hands-on-massage"
    SELF_MASSAGE = "self-massage"
    THERMAL = "thermal"
    MOVEMENT_PRACTICE = "movement-practice"
    CLINICAL_CARE = "clinical-care"

    @property
    def is_manual(self) -> bool:
        """True for techniques that work by touch (hands or hand-held tools)."""
        return self in (TechniqueKind.HANDS_ON_MASSAGE, TechniqueKind.SELF_MASSAGE)


class Tool(str, Enum):
    """What a technique is done with."""

    HANDS = "hands"
    FOAM_ROLLER = "foam-roller"
    MASSAGE_GUN = "massage-gun"
    MASSAGE_BALL = "massage-ball"
    HEAT_PACK = "heat-pack"
    MAT = "mat"
    POOL = "pool"


class ExerciseKind(str, Enum):
    """What an exercise mainly trains."""

    STRETCH = "stretch"
    STRENGTHENING = "strengthening"
    MOBILITY = "mobility"
    CONDITIONING = "conditioning"


class Position(str, Enum):
    """Starting position of an exercise."""

    STANDING = "standing"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    SEATED = "seated"
    QUADRUPED = "quadruped"


class Equipment(str, Enum):
    """Equipment an exercise needs."""

    NONE = "none"
    MAT = "mat"
    CUSHION = "cushion"
    CHAIR = "chair"
    WALL = "wall"
    STEP = "step"
    RESISTANCE_BAND = "resistance-band"
    DUMBBELL = "dumbbell"
    STRAP = "strap"
    POOL = "pool"


class Difficulty(str, Enum):
    """How demanding an exercise is for an untrained adult."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class EvidenceStance(str, Enum):
    """The project's cautious summary of how well something is supported for a use."""

    SUPPORTED = "supported"
    MAY_HELP = "may-help"
    MIXED = "mixed"
    INSUFFICIENT = "insufficient"
    CAUTION = "caution"
    NOT_RECOMMENDED = "not-recommended"


class Stance(str, Enum):
    """What one source says about a claim or technique."""

    SUPPORTS = "supports"
    QUALIFIED = "qualified"
    NEUTRAL = "neutral"
    DOUBTS = "doubts"
    OPPOSES = "opposes"


class SourceKind(str, Enum):
    """What kind of publication a source is."""

    ARTICLE = "article"
    GUIDELINE = "guideline"
    PAPER = "paper"
    TEXTBOOK = "textbook"
    CODE_SET = "code-set"


class LookAlikeCategory(str, Enum):
    """Where a look-alike problem comes from."""

    MUSCULOSKELETAL = "musculoskeletal"
    SPINAL = "spinal"
    NEUROLOGICAL = "neurological"
    VISCERAL = "visceral"
    VASCULAR = "vascular"
    OTHER = "other"
