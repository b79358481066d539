#!/usr/bin/env bash
# The MQTT broker the IoT gateways publish to, on loopback, for the demo (`make run`).
#
#   scripts/mqtt-broker.sh start [PORT]    start Debian's mosquitto on 127.0.0.1:PORT (default 1883) unless a
#                                          broker already answers there; prints the PID it started, or nothing
#
# Production runs its own broker with TLS and one login per gateway (docs/alerts.md).
set -euo pipefail
PORT="${2:-1883}"
[[ "${1:-}" == "start" ]] || { echo "usage: $0 start [PORT]" >&2; exit 2; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    exit 0  # a broker is already there
fi
BINARY="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
[[ -x "$BINARY" ]] || { echo "mosquitto is missing: apt-get install -y mosquitto" >&2; exit 1; }
mkdir -p var/mosquitto
cat > var/mosquitto/mosquitto.conf <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 1000
max_queued_messages 100000
CONF
"$BINARY" -c var/mosquitto/mosquitto.conf >var/mosquitto/mosquitto.log 2>&1 &
echo $!
