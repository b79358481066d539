from .base import LedgerRecord
from .buses import Bus, BusDriver, BusEscort, BusRoute
from .chemicals import Chemical, ChemicalMovement, ChemicalUnit, HazardClass, MovementKind
from .patrols import GateDuty, GatePeriod, PatrolDay, PatrolScan
from .security import BaselineItem, BaselineKind, Guard, GuardPost, GuardTraining, InsurancePolicy, SecurityProfile
from .sites import Canteen, CanteenWorker, Equipment, EquipmentKind, MaintenanceRecord, Meal, MealLog, SupplyRecord

__all__ = [
    "BaselineItem",
    "BaselineKind",
    "Bus",
    "BusDriver",
    "BusEscort",
    "BusRoute",
    "Canteen",
    "Chemical",
    "ChemicalMovement",
    "ChemicalUnit",
    "CanteenWorker",
    "Equipment",
    "EquipmentKind",
    "GateDuty",
    "GatePeriod",
    "Guard",
    "GuardPost",
    "GuardTraining",
    "HazardClass",
    "InsurancePolicy",
    "LedgerRecord",
    "MaintenanceRecord",
    "Meal",
    "MealLog",
    "MovementKind",
    "PatrolDay",
    "PatrolScan",
    "SecurityProfile",
    "SupplyRecord",
]
