from .records import (
    Activity,
    ActivityKind,
    Drill,
    DrillKind,
    DrillPhoto,
    Occurrence,
    OccurrenceState,
    RecordState,
    SchoolRecord,
)
from .submissions import Accepts, Submission, SubmissionFile, SubmissionRequest, SubmissionState, Target

__all__ = [
    "Accepts",
    "Activity",
    "ActivityKind",
    "Drill",
    "DrillKind",
    "DrillPhoto",
    "Occurrence",
    "OccurrenceState",
    "RecordState",
    "SchoolRecord",
    "Submission",
    "SubmissionFile",
    "SubmissionRequest",
    "SubmissionState",
    "Target",
]
