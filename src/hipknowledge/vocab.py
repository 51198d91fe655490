"""The shared vocabularies: every enumerated value a record or a query may use.

Each member's value is what data files, exports and query arguments spell, and each has
a :attr:`~Vocabulary.meaning` in plain words. Query parameters also take the values as
plain strings; the ``...Value`` literal types let a type checker catch a misspelt one.
"""

from __future__ import annotations

import re
import warnings
from enum import Enum
from typing import Literal, TypeVar

from hipknowledge._meanings import MEANINGS
from hipknowledge.errors import UnknownValueError

__all__ = [
    "VOCABULARIES",
    "ActionRole",
    "ActionRoleValue",
    "BodyRegion",
    "BodyRegionValue",
    "Certainty",
    "ConditionRelation",
    "Contraction",
    "Depth",
    "Difficulty",
    "Equipment",
    "EvidenceStance",
    "ExerciseType",
    "ExerciseTypeValue",
    "FactorCategory",
    "HipMovement",
    "HipMovementValue",
    "HipPosition",
    "HipPositionValue",
    "Laterality",
    "LoadType",
    "LookAlikeCategory",
    "ManualAccess",
    "Onset",
    "PainQuality",
    "Plane",
    "Population",
    "Position",
    "Reach",
    "ReachValue",
    "Recommendation",
    "RedFlagCategory",
    "RehabStage",
    "ReviewArea",
    "RuleAction",
    "Scope",
    "SettleBy",
    "Severity",
    "SexBias",
    "SourceType",
    "Stance",
    "StructureType",
    "Suitability",
    "TechniqueType",
    "Tool",
    "TreatmentType",
    "Urgency",
    "Verdict",
    "Vocabulary",
]


_V = TypeVar("_V", bound="Vocabulary")


class Vocabulary(str, Enum):
    """A closed list of values; every vocabulary of the package is one.

    >>> BodyRegion("groin").meaning
    'The crease between the thigh and the lower abdomen, and the area just above and below it.'
    """

    @property
    def meaning(self) -> str:
        """What the value means, in plain words."""
        return MEANINGS[type(self).__name__][self.value]

    @classmethod
    def parse(cls: type[_V], value: object) -> _V:
        """``value`` (a member or its text) as a member; anything else raises with the closest values.

        For checking input from users: the error is a :class:`~hipknowledge.UnknownValueError`
        (also a ``ValueError``) whose ``suggestions`` come from this vocabulary.

        >>> BodyRegion.parse("groin") is BodyRegion.GROIN
        True
        >>> BodyRegion.parse("butt")
        Traceback (most recent call last):
        ...
        hipknowledge.errors.UnknownValueError: unknown body region 'butt' (did you mean 'buttock'?); known values: ...
        """
        try:
            return cls(value)
        except ValueError:
            name = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
            raise UnknownValueError(value, name, [m.value for m in cls]) from None


class Plane(Vocabulary):
    """Anatomical plane a hip movement happens in."""

    SAGITTAL = "sagittal"
    FRONTAL = "frontal"
    TRANSVERSE = "transverse"


class HipMovement(Vocabulary):
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


class ActionRole(Vocabulary):
    """How much a muscle contributes to a movement."""

    PRIME_MOVER = "prime-mover"
    ASSISTANT = "assistant"


class HipPosition(Vocabulary):
    """The hip position in which a muscle's action holds: some muscles change role as the hip bends."""

    ANY = "any"
    EXTENDED = "extended"
    FLEXED = "flexed"


class BodyRegion(Vocabulary):
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
    KNEE = "knee"
    CALF = "calf"
    PUBIC_SYMPHYSIS = "pubic-symphysis"
    PERINEUM = "perineum"
    SITTING_BONE = "sitting-bone"


class PainQuality(Vocabulary):
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


class Depth(Vocabulary):
    """How deep a muscle lies under the skin."""

    SUPERFICIAL = "superficial"
    INTERMEDIATE = "intermediate"
    DEEP = "deep"


class ManualAccess(Vocabulary):
    """Whether hands (or hand-held tools) can reach a muscle."""

    DIRECT = "direct"
    THROUGH_OVERLYING_TISSUE = "through-overlying-tissue"
    DISPUTED = "disputed"
    NOT_ACCESSIBLE = "not-accessible"


class StructureType(Vocabulary):
    """What a non-muscle structure is."""

    BONE = "bone"
    BURSA = "bursa"
    CARTILAGE = "cartilage"
    FASCIA = "fascia"
    JOINT = "joint"
    LIGAMENT = "ligament"
    NERVE = "nerve"
    TENDON = "tendon"
    BLOOD_VESSEL = "blood-vessel"
    REGION = "region"


class TechniqueType(Vocabulary):
    """Families of techniques and adjunct care."""

    HANDS_ON_MASSAGE = "hands-on-massage"
    SELF_MASSAGE = "self-massage"
    THERMAL = "thermal"
    MOVEMENT_PRACTICE = "movement-practice"
    CLINICAL_CARE = "clinical-care"

    @property
    def is_manual(self) -> bool:
        """True for techniques that work by touch (hands or hand-held tools)."""
        return self in (TechniqueType.HANDS_ON_MASSAGE, TechniqueType.SELF_MASSAGE)


class Tool(Vocabulary):
    """What a technique is done with."""

    HANDS = "hands"
    FOAM_ROLLER = "foam-roller"
    MASSAGE_GUN = "massage-gun"
    MASSAGE_BALL = "massage-ball"
    HEAT_PACK = "heat-pack"
    MAT = "mat"
    POOL = "pool"


class ExerciseType(Vocabulary):
    """What an exercise mainly trains."""

    STRETCH = "stretch"
    STRENGTHENING = "strengthening"
    MOBILITY = "mobility"
    CONDITIONING = "conditioning"


class Position(Vocabulary):
    """Starting position of an exercise."""

    STANDING = "standing"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    SEATED = "seated"
    QUADRUPED = "quadruped"


class Equipment(Vocabulary):
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
    BENCH = "bench"
    BALL = "ball"
    PARTNER = "partner"


class Difficulty(Vocabulary):
    """How demanding an exercise is for an untrained adult."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class EvidenceStance(Vocabulary):
    """The project's cautious summary of how well something is supported for a use."""

    SUPPORTED = "supported"
    MAY_HELP = "may-help"
    MIXED = "mixed"
    INSUFFICIENT = "insufficient"
    CAUTION = "caution"
    NOT_RECOMMENDED = "not-recommended"


class Stance(Vocabulary):
    """What one source says about a claim or technique."""

    SUPPORTS = "supports"
    QUALIFIED = "qualified"
    NEUTRAL = "neutral"
    DOUBTS = "doubts"
    OPPOSES = "opposes"


class SourceType(Vocabulary):
    """What kind of publication a source is, from the strongest design to the weakest."""

    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic-review"
    TRIAL = "trial"
    COHORT = "cohort"
    STUDY = "study"
    CONSENSUS = "consensus"
    REVIEW = "review"
    TEXTBOOK = "textbook"
    CODE_SET = "code-set"
    WEB_ARTICLE = "web-article"


class LookAlikeCategory(Vocabulary):
    """Where a look-alike problem comes from."""

    MUSCULOSKELETAL = "musculoskeletal"
    SPINAL = "spinal"
    NEUROLOGICAL = "neurological"
    VISCERAL = "visceral"
    VASCULAR = "vascular"
    OTHER = "other"


_RENAMED = {
    "ExerciseKind": "ExerciseType",
    "TechniqueKind": "TechniqueType",
    "StructureKind": "StructureType",
    "SourceKind": "SourceType",
}


def __getattr__(name: str) -> type[Vocabulary]:
    # The 1.x names of the renamed vocabularies keep working until 3.0, with a warning.
    if name in _RENAMED:
        warnings.warn(
            f"hipknowledge.vocab.{name} is deprecated since 2.0.0; use {_RENAMED[name]}",
            DeprecationWarning,
            stacklevel=2,
        )
        vocabulary: type[Vocabulary] = globals()[_RENAMED[name]]
        return vocabulary
    raise AttributeError(f"module 'hipknowledge.vocab' has no attribute {name!r}")


class FactorCategory(Vocabulary):
    """What area of a person's health a screening factor belongs to."""

    PREGNANCY = "pregnancy"
    MEDICATION = "medication"
    BLOOD_AND_VESSELS = "blood-and-vessels"
    SURGERY = "surgery"
    BONE = "bone"
    CANCER = "cancer"
    SKIN = "skin"
    GENERAL_HEALTH = "general-health"
    JOINTS = "joints"
    NERVES_AND_SENSATION = "nerves-and-sensation"
    INJURY = "injury"
    COMMUNICATION = "communication"
    DEVICE = "device"


class Severity(Vocabulary):
    """How far a rule reaches: the whole intervention, a change to it, or one site."""

    ABSOLUTE = "absolute"
    RELATIVE = "relative"
    LOCAL = "local"


class Scope(Vocabulary):
    """The part of an intervention a rule is about."""

    WHOLE = "whole"
    DEEP_PRESSURE = "deep-pressure"
    ABDOMINAL_WORK = "abdominal-work"
    OVER_THE_AREA = "over-the-area"
    LYING_FACE_DOWN = "lying-face-down"
    LYING_ON_THE_BACK = "lying-on-the-back"
    END_OF_RANGE = "end-of-range"
    HEAT = "heat"
    LOAD = "load"
    POSITION = "position"


class RuleAction(Vocabulary):
    """What a rule asks for."""

    AVOID = "avoid"
    MODIFY = "modify"
    CLEARANCE = "clearance"


class Verdict(Vocabulary):
    """The screener's answer for one intervention, from the least strict to the strictest."""

    OK = "ok"
    CAUTION = "caution"
    MODIFY = "modify"
    CLEARANCE = "clearance"
    AVOID = "avoid"

    @property
    def strictness(self) -> int:
        """Its rank: 0 for ``ok`` up to 4 for ``avoid``; the verdict of several rules is the strictest."""
        return list(Verdict).index(self)


class RedFlagCategory(Vocabulary):
    """What kind of serious problem a red flag may point to."""

    FRACTURE = "fracture"
    INFECTION = "infection"
    MALIGNANCY = "malignancy"
    VASCULAR = "vascular"
    NEUROLOGICAL = "neurological"
    VISCERAL = "visceral"
    GYNAECOLOGICAL_UROLOGICAL = "gynaecological-urological"
    PAEDIATRIC = "paediatric"


class Urgency(Vocabulary):
    """How soon a person with a red flag should be seen."""

    EMERGENCY = "emergency"
    SAME_DAY = "same-day"
    SOON = "soon"
    ROUTINE = "routine"


class Population(Vocabulary):
    """Who a red flag applies to; a red flag that names none applies to everyone."""

    CHILD = "child"
    ADOLESCENT = "adolescent"
    ADULT = "adult"
    OLDER_ADULT = "older-adult"
    PREGNANT_OR_POSTPARTUM = "pregnant-or-postpartum"
    AFTER_SURGERY = "after-surgery"
    ATHLETE = "athlete"


class Reach(Vocabulary):
    """Whether a technique actually reaches a target, on the evidence."""

    DIRECT = "direct"
    THROUGH_OVERLYING_TISSUE = "through-overlying-tissue"
    DISPUTED = "disputed"
    NONE = "none"


class Contraction(Vocabulary):
    """How the working muscles contract during an exercise."""

    ISOMETRIC = "isometric"
    CONCENTRIC = "concentric"
    ECCENTRIC = "eccentric"
    MIXED = "mixed"


class Laterality(Vocabulary):
    """Whether an exercise works one side at a time or both together."""

    UNILATERAL = "unilateral"
    BILATERAL = "bilateral"


class RehabStage(Vocabulary):
    """The stage of rehabilitation an exercise suits."""

    EARLY = "early"
    MIDDLE = "middle"
    LATE = "late"


class LoadType(Vocabulary):
    """What provides the load in an exercise."""

    BODY_WEIGHT = "body-weight"
    ASSISTED = "assisted"
    BAND = "band"
    WEIGHT = "weight"
    WATER = "water"


class SettleBy(Vocabulary):
    """By when pain stirred up by an exercise should have settled for the dose to be right."""

    END_OF_SESSION = "end-of-session"
    NEXT_MORNING = "next-morning"
    TWENTY_FOUR_HOURS = "24-hours"


class Suitability(Vocabulary):
    """What a condition says about one exercise."""

    RECOMMENDED = "recommended"
    MODIFY = "modify"
    AVOID = "avoid"


class TreatmentType(Vocabulary):
    """What kind of intervention a treatment is (besides techniques and exercises)."""

    EDUCATION = "education"
    LOAD_MANAGEMENT = "load-management"
    WEIGHT_MANAGEMENT = "weight-management"
    WALKING_AID = "walking-aid"
    MEDICINE = "medicine"
    INJECTION = "injection"
    SHOCKWAVE = "shockwave"
    SURGERY = "surgery"
    NEEDLING = "needling"
    COLD = "cold"
    MOVEMENT_RETRAINING = "movement-retraining"


class Recommendation(Vocabulary):
    """What the best source behind a care option recommends, in one word."""

    CORE = "core"
    ADJUNCT = "adjunct"
    OPTION = "option"
    NOT_RECOMMENDED = "not-recommended"
    INSUFFICIENT_EVIDENCE = "insufficient-evidence"


class Certainty(Vocabulary):
    """GRADE certainty of the evidence behind a recommendation."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"


class ConditionRelation(Vocabulary):
    """How one condition relates to another."""

    BROADER = "broader"
    NARROWER = "narrower"
    LOOK_ALIKE = "look-alike"
    COMPLICATION = "complication"
    CAUSE = "cause"


class Onset(Vocabulary):
    """How a condition usually starts."""

    SUDDEN = "sudden"
    GRADUAL = "gradual"
    EITHER = "either"


class SexBias(Vocabulary):
    """Whom a condition affects more often."""

    FEMALE = "female"
    MALE = "male"
    EITHER = "either"


class ReviewArea(Vocabulary):
    """What a review of a record checked."""

    ANATOMY = "anatomy"
    CLINICAL = "clinical"
    CODING = "coding"
    EVIDENCE = "evidence"
    LANGUAGE = "language"


# Literal twins of the vocabularies that query parameters take, so that a type checker
# catches a misspelt value; tests/test_vocab.py checks that each lists its enum's values.
BodyRegionValue = Literal[
    "lower-back",
    "sacroiliac",
    "buttock",
    "lateral-hip",
    "anterior-hip",
    "groin",
    "lower-abdomen",
    "anterior-thigh",
    "medial-thigh",
    "lateral-thigh",
    "posterior-thigh",
    "lateral-knee",
    "lower-leg",
    "foot",
    "knee",
    "calf",
    "pubic-symphysis",
    "perineum",
    "sitting-bone",
]
HipMovementValue = Literal[
    "hip-flexion",
    "hip-extension",
    "hip-abduction",
    "hip-adduction",
    "hip-internal-rotation",
    "hip-external-rotation",
]
ActionRoleValue = Literal["prime-mover", "assistant"]
HipPositionValue = Literal["any", "extended", "flexed"]
ExerciseTypeValue = Literal["stretch", "strengthening", "mobility", "conditioning"]
ReachValue = Literal["direct", "through-overlying-tissue", "disputed", "none"]

#: Every vocabulary by the name the command line and the docs use (``hipknowledge list body-regions``).
VOCABULARIES: dict[str, type[Vocabulary]] = {
    "action-roles": ActionRole,
    "hip-positions": HipPosition,
    "certainties": Certainty,
    "condition-relations": ConditionRelation,
    "onsets": Onset,
    "recommendations": Recommendation,
    "review-areas": ReviewArea,
    "sex-biases": SexBias,
    "treatment-types": TreatmentType,
    "contractions": Contraction,
    "lateralities": Laterality,
    "load-types": LoadType,
    "rehab-stages": RehabStage,
    "settle-by": SettleBy,
    "suitabilities": Suitability,
    "factor-categories": FactorCategory,
    "populations": Population,
    "reaches": Reach,
    "red-flag-categories": RedFlagCategory,
    "rule-actions": RuleAction,
    "scopes": Scope,
    "severities": Severity,
    "urgencies": Urgency,
    "verdicts": Verdict,
    "body-regions": BodyRegion,
    "depths": Depth,
    "difficulties": Difficulty,
    "equipment": Equipment,
    "evidence-stances": EvidenceStance,
    "exercise-types": ExerciseType,
    "look-alike-categories": LookAlikeCategory,
    "manual-access": ManualAccess,
    "movements": HipMovement,
    "pain-qualities": PainQuality,
    "planes": Plane,
    "positions": Position,
    "source-types": SourceType,
    "stances": Stance,
    "structure-types": StructureType,
    "technique-types": TechniqueType,
    "tools": Tool,
}
