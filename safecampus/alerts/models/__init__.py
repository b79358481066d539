from .alarms import Alarm, AlarmEvent
from .cameras import Camera, LiveView, PatrolLook, PatrolRound, PatrolRoute
from .choices import (
    KIND_TYPES,
    OPEN_STATES,
    SEVERITY_RANK,
    TYPE_SEVERITY,
    AlarmState,
    AlarmType,
    CameraPlace,
    DeviceKind,
    Outcome,
    Severity,
)
from .devices import Device, DutyShift, Gateway, Message, Refusal, SeenSignature

__all__ = [
    "KIND_TYPES",
    "OPEN_STATES",
    "SEVERITY_RANK",
    "TYPE_SEVERITY",
    "Alarm",
    "AlarmEvent",
    "AlarmState",
    "AlarmType",
    "Camera",
    "CameraPlace",
    "Device",
    "DeviceKind",
    "DutyShift",
    "Gateway",
    "LiveView",
    "Message",
    "Outcome",
    "PatrolLook",
    "PatrolRound",
    "PatrolRoute",
    "Refusal",
    "SeenSignature",
    "Severity",
]
