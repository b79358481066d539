from .checklists import Checklist, ChecklistItem, ChecklistVersion, Checkpoint
from .choices import OPEN_STATES, Area, HazardLevel, HazardSource, HazardState, InspectionKind
from .hazards import Extension, Hazard, HazardEvent, Listing, Photo
from .inspections import Inspection, InspectionPlan, InspectionResult, InspectionTask

__all__ = [
    "OPEN_STATES",
    "Area",
    "Checklist",
    "ChecklistItem",
    "ChecklistVersion",
    "Checkpoint",
    "Extension",
    "Hazard",
    "HazardEvent",
    "HazardLevel",
    "HazardSource",
    "HazardState",
    "Inspection",
    "InspectionKind",
    "InspectionPlan",
    "InspectionResult",
    "InspectionTask",
    "Listing",
    "Photo",
]
