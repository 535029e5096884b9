"""Writing a set of output files so that readers only ever see a whole set, and the locked
working folders that make it (and ``kg serve``'s temporary store) safe to clean up.

Every file of a run (``kg extract``'s tables, ``kg build``'s graph and tables) is written into
a staging folder inside the output folder, ``.build-<pid>-<random>``, and only when all are
complete are they renamed into place, one ``os.replace`` each: a full disk, a crash or a kill
while writing leaves the previous set as it was. The staging folder holds a lock (``flock``)
for as long as its run lives, so the next run removes the folders of runs that are gone
(whatever their process ids: a run in another PID namespace is still seen as alive) and never
the folder of one still writing.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> with Staging(out) as stage:
...     _ = stage.write("a.csv", "x\\n")
...     [p.name for p in stage.commit()]
['a.csv']
>>> sorted(p.name for p in out.iterdir())
['a.csv']
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

#: a staging folder without its lock file yet is left alone this long (it is being made)
YOUNG = 600.0
#: the staging folders in an output folder
PREFIX = ".build-"


class Staging:
    """A staging folder in ``out``; :meth:`commit` renames what was written into ``out``."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        sweep(out, PREFIX)
        self.out = out
        self.dir, lock = _locked(out, f"{PREFIX}{os.getpid()}-")
        self._lock: IO[str] | None = lock
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write the file that becomes ``out/name``."""
        if name not in self.names:
            self.names.append(name)
        return self.dir / name

    def write(self, name: str, data: str | bytes) -> Path:
        path = self.path(name)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    def commit(self) -> list[Path]:
        """Flush every file to disk, then rename each into ``out``; returns the paths."""
        for name in self.names:
            with (self.dir / name).open("rb") as f:
                os.fsync(f.fileno())
        done = []
        for name in self.names:
            os.replace(self.dir / name, self.out / name)
            done.append(self.out / name)
        self.cleanup()
        return done

    def cleanup(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()


@contextlib.contextmanager
def locked_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new folder ``parent/prefix…``, locked while in use and removed on the way out; the
    folders of the same prefix whose users are gone are removed first (:func:`sweep`)."""
    sweep(parent, prefix)
    path, lock = _locked(parent, prefix)
    try:
        yield path
    finally:
        lock.close()
        shutil.rmtree(path, ignore_errors=True)


def _locked(parent: Path, prefix: str) -> tuple[Path, IO[str]]:
    """A new folder in ``parent`` and its held lock."""
    path = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    lock = (path / "lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return path, lock


def sweep(parent: Path, prefix: str = ".build-") -> list[Path]:
    """Remove the folders ``parent/prefix*`` of runs that are gone; returns them."""
    removed = []
    for folder in sorted(parent.glob(prefix + "*")):
        lock = folder / "lock"
        try:
            if not lock.exists():
                if time.time() - folder.stat().st_mtime < YOUNG:
                    continue  # being made right now, or an old kg's: left for a while
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
                continue
            with lock.open("r") as held:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:  # locked (a live run) or not ours to remove
            continue
    return removed
