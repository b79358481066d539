"""The rules early warning reads (domain/peers.md, IoT alarms and video): how soon each alarm type must be
acknowledged and when it escalates, the devices' alarm thresholds, when a silent device is offline, flapping,
the signed requests' clock skew, recordings' retention, the media server's stream address, warning weights."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safecampus.dashboards.rulebook import LOCAL, WARNING_POINTS
from safecampus.rules.shapes import DAYS, HIGHER, LOWER, MINUTES, PERCENT, Number, Part, Pattern, Table
from safecampus.rules.specs import declare

from .models import AlarmType

SECONDS = pgettext_lazy("rule unit", "seconds")
TIMES = pgettext_lazy("rule unit", "times")
MILLIAMPERES = "mA"
CELSIUS = "°C"
MPA = "MPa"

ACK_DEFAULTS = {
    AlarmType.FIRE: 3,
    AlarmType.GAS: 3,
    AlarmType.PANIC: 3,
    AlarmType.RESIDUAL_CURRENT: 10,
    AlarmType.CABLE_TEMPERATURE: 10,
    AlarmType.INTRUSION: 5,
    AlarmType.WATER_PRESSURE: 30,
    AlarmType.OFFLINE: 60,
}
declare(
    "alerts.ack_minutes",
    {str(key): value for key, value in ACK_DEFAULTS.items()},
    Table(
        tuple(Part(str(key), AlarmType(key).label, Number(1, 240, MINUTES, stricter=LOWER)) for key in ACK_DEFAULTS),
        required=True,
    ),
    title="各类报警的确认时限（分钟）：超时未确认即升级至校长，再升级至县级教育局值班人员",
    title_en="Minutes within which each type of alarm must be acknowledged before it escalates",
    source="参照 GB 26875 火灾报警 10 秒内转发、状态变化 100 秒内转发；平台默认：火警 3 分钟，电气 10 分钟",
)
declare(
    "alerts.escalate_bureau_minutes",
    10,
    Number(1, 240, MINUTES, stricter=LOWER),
    title="超过确认时限后再经多少分钟仍未确认，升级至县级教育局值班人员",
    title_en="Minutes after the acknowledgement deadline before the county bureau on duty is told",
    source=LOCAL,
)
declare(
    "alerts.thresholds",
    {"residual_current_ma": 300, "cable_temperature_c": 80, "gas_lel_percent": 25, "water_pressure_min_mpa": 0.1},
    Table(
        (
            Part("residual_current_ma", _("residual current alarm at"), Number(30, 1000, MILLIAMPERES, stricter=LOWER)),
            Part("cable_temperature_c", _("cable temperature alarm at"), Number(40, 150, CELSIUS, stricter=LOWER)),
            Part("gas_lel_percent", _("combustible gas alarm at (% LEL)"), Number(5, 50, PERCENT, stricter=LOWER)),
            Part(
                "water_pressure_min_mpa",
                _("fire water pressure alarm below"),
                Number(0.05, 1.0, MPA, stricter=HIGHER, whole=False),
            ),
        ),
        required=True,
    ),
    title="物联网设备报警阈值：剩余电流 300 mA、线缆温度 80 °C、可燃气体 25% LEL、消防水压低于 0.1 MPa",
    title_en="Alarm thresholds of the IoT devices (a device may set a stricter one of its own)",
    source="GB 14287 电气火灾监控系统（剩余电流报警值常设 300–500 mA）；GB 15322 可燃气体探测器；GB 50974 消防给水",
)
declare(
    "alerts.offline_minutes",
    10,
    Number(1, 1440, MINUTES, stricter=LOWER),
    title="设备多少分钟无心跳即判为离线（离线本身是一条报警）",
    title_en="Minutes without a heartbeat after which a device is offline (itself an alarm)",
    source="GB 26875 城市消防远程监控系统：状态变化 100 秒内转发；平台默认 10 分钟",
)
declare(
    "alerts.flapping",
    {"window_minutes": 10, "max_toggles": 6},
    Table(
        (
            Part("window_minutes", _("within (minutes)"), Number(1, 120, MINUTES)),
            Part("max_toggles", _("alarm and back to normal more than (times)"), Number(2, 100, TIMES)),
        ),
        required=True,
    ),
    title="报警抖动抑制：一段时间内报警与恢复反复超过次数即视为抖动，不再重复通知",
    title_en="Flapping: an alarm that toggles more often than this within the window stops notifying",
    source=LOCAL,
)
declare(
    "alerts.ingest.skew_seconds",
    300,
    Number(30, 3600, SECONDS, stricter=LOWER),
    title="网关签名请求的时间戳允许偏差（秒），超出或重放均拒收",
    title_en="Seconds a gateway's signed request may differ from the platform's clock (older ones are refused)",
    source="平台安全设置（等保三级：防重放）",
)
declare(
    "alerts.camera.retention_days",
    30,
    Number(7, 365, DAYS, stricter=HIGHER),
    title="校园视频录像至少保存天数",
    title_en="Days camera recordings must be kept at least",
    source="各省校园视频监控建设规范：录像保存不少于 30 天",
)
declare(
    "alerts.camera.stream_url",
    "/media/live/{id}/index.m3u8",
    Pattern("{id}"),
    title="视频平台（如 wvp-GB28181-pro / ZLMediaKit）的 HLS 播放地址格式，{id} 处填入摄像头国标编码",
    title_en="The media server's HLS address for a camera, with {id} for its GB/T 28181 id",
    source="本地视频平台的部署地址",
)
for key, default, title, title_en in (
    ("alarm_open", 5, "预警分：每条未处置的报警计分", "Warning score: points per open alarm"),
    (
        "alarm_unacked",
        10,
        "预警分：每条超时未确认的报警计分",
        "Warning score: points per alarm not acknowledged in time",
    ),
    ("device_offline", 1, "预警分：每台离线的物联网设备计分", "Warning score: points per IoT device offline"),
    ("camera_offline", 1, "预警分：每路离线的摄像头计分", "Warning score: points per camera offline"),
):
    declare(f"warning.weight.{key}", default, WARNING_POINTS, title=title, title_en=title_en, source=LOCAL)
