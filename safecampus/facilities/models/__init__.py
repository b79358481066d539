from .base import LedgerRecord
from .buses import Bus, BusDriver, BusEscort, BusRoute
from .security import BaselineItem, BaselineKind, Guard, GuardPost, InsurancePolicy, SecurityProfile
from .sites import Canteen, CanteenWorker, Equipment, EquipmentKind

__all__ = [
    "BaselineItem",
    "BaselineKind",
    "Bus",
    "BusDriver",
    "BusEscort",
    "BusRoute",
    "Canteen",
    "CanteenWorker",
    "Equipment",
    "EquipmentKind",
    "Guard",
    "GuardPost",
    "InsurancePolicy",
    "LedgerRecord",
    "SecurityProfile",
]
