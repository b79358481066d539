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
from .training import Attendance, Post, Trainee, Training

__all__ = [
    "Accepts",
    "Attendance",
    "Post",
    "Trainee",
    "Training",
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
