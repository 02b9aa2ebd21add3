"""One build at a time per output folder: `output/.lock`, holding the builder's pid.

The lock is an advisory `flock` on that file, which the kernel releases when its process dies,
however it dies: a lock left by a killed build is simply taken over by the next one (which says
so), and there is no pid-reuse race. The pid written into the file is for the messages.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from pipeline.export.errors import UserError

LOCK_FILE = ".lock"
POLL_SECONDS = 0.2


class Locked(UserError):
    """Another live build holds the lock on this output folder (exit status 3, not 2)."""


def _holder(handle) -> str:
    handle.seek(0)
    return handle.read().strip()


class BuildLock:
    """`with BuildLock(out, wait=seconds) as lock:`; raises `Locked` after `wait` seconds.

    `lock.messages` says whether a stale lock was taken over or the build had to wait.
    """

    def __init__(self, out: Path, wait: float = 0.0):
        self.path = out / LOCK_FILE
        self.wait = wait
        self.messages: list[str] = []
        self._handle = None

    def __enter__(self) -> "BuildLock":
        handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), "r+", encoding="ascii")
        deadline = time.monotonic() + self.wait
        announced = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(handle) or "unknown"
                if time.monotonic() >= deadline:
                    handle.close()
                    raise Locked(
                        f"another build (pid {holder}) is running on {self.path.parent}; "
                        "try again later or pass --wait SECONDS"
                    ) from None
                if not announced:
                    self.messages.append(f"waited for the build with pid {holder} to finish")
                    announced = True
                time.sleep(POLL_SECONDS)
        previous = _holder(handle)
        if previous and previous != str(os.getpid()):
            self.messages.append(f"took over a stale lock left by pid {previous} (that build was killed)")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        os.fsync(handle.fileno())
        self._handle = handle
        return self

    def __exit__(self, *_exc) -> None:
        """Empty the file (a clean exit leaves no pid behind), then release."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        handle.seek(0)
        handle.truncate()
        handle.flush()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
