"""Make the demo cameras' video: a short looping HLS test pattern written by Debian's ffmpeg, served by the
platform at /alerts/demo-stream/<camera id>/ to those who may watch that camera (no camera needed)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

PATTERN = "testsrc2=size=640x360:rate=15"
LABEL = "drawtext=text='SafeCampus %{pts\\:hms}':x=12:y=12:fontsize=22:fontcolor=white:box=1:boxcolor=black@0.5"


class Command(BaseCommand):
    help = "Write the demo cameras' test-pattern HLS stream (ffmpeg)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=int, default=12, help="length of the loop (4–120 s, default 12)")
        parser.add_argument("--if-missing", action="store_true", help="do nothing when the stream is already there")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = settings.SAFECAMPUS_DEMO_STREAM_DIR
        playlist = folder / "index.m3u8"
        if options["if_missing"] and playlist.is_file():
            return
        seconds = options["seconds"]
        if not 4 <= seconds <= 120:
            raise CommandError("--seconds must be between 4 and 120")
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            raise CommandError(
                "ffmpeg is not installed: apt-get install -y ffmpeg (scripts/system-packages.sh does it)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.ts"):
            old.unlink()
        command = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", PATTERN, "-t", str(seconds)]
        command += ["-vf", LABEL, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "30"]
        command += ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod"]
        command += ["-hls_segment_filename", str(folder / "seg%03d.ts"), str(playlist)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 and "drawtext" in done.stderr:  # an ffmpeg without fonts: the pattern alone
            command[command.index("-vf") : command.index("-vf") + 2] = []
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise CommandError(f"ffmpeg failed: {done.stderr.strip()[:500]}")
        self.stdout.write(f"Demo stream written to {folder} ({seconds} s loop).")
