"""Files the tool writes (exports, corrections, extracted events, the user's actor files):
written whole or not at all, and only ever in place of a regular file.

The content goes to a temporary file created exclusively (``O_EXCL``, never through a
symbolic link) beside the target, under a name nobody can plant in advance; it is
moved into place when complete and removed on any failure. The error names the file.
A device, a FIFO or a socket is never replaced, ``--force`` or not; a symbolic link
given as the target is replaced by the file, never followed.
"""
from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from timeline.errors import TimelineError


def check_target(path: str | os.PathLike[str], force: bool) -> Path:
    """``path`` as a place to write a file: refused (one line naming it) when it is a
    folder, something other than a regular file or a symbolic link, an existing file
    without ``force``, or in a folder that does not exist."""
    target = Path(path)
    try:
        st = target.lstat()
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise TimelineError(f"cannot write here: {err.strerror}", str(target)) from err
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise TimelineError("is a folder, not a file", str(target))
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise TimelineError("not a regular file (a device, pipe or socket): never replaced",
                                str(target))
        if not force:
            raise TimelineError("file exists (use --force to overwrite)", str(target))
    if not target.parent.is_dir():
        raise TimelineError("folder does not exist", str(target.parent))
    return target


def _temporary(target: Path) -> tuple[Path, int]:
    """A new, empty temporary file beside ``target`` (created exclusively) and its descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    for _ in range(20):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue  # a name taken (or planted): another one
        except OSError as err:
            raise TimelineError(f"cannot write here: {err.strerror}", str(target)) from err
    raise TimelineError("cannot write here: no free temporary name", str(target))


@contextmanager
def replacing(path: str | os.PathLike[str], *, force: bool = True, text: bool = True,
              keep_existing: bool = False) -> Iterator[IO[Any]]:
    """Write the file ``path`` through the handle yielded; it replaces ``path`` (or
    appears there) only when the block ends without an error. ``force``: an existing
    regular file (or symbolic link) may be replaced. ``keep_existing``: the move fails
    if a file appeared at ``path`` meanwhile (a hard link; a check where there is none)."""
    target = check_target(path, force)
    tmp, fd = _temporary(target)
    try:
        handle: IO[Any] = os.fdopen(fd, "w", encoding="utf-8") if text else os.fdopen(fd, "wb")
        with handle as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        check_target(target, force)  # still a place we may write (not turned into a FIFO)
        if keep_existing:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise TimelineError("file exists (use --force to overwrite)", str(target)) \
                    from None
            except OSError:  # no hard links here
                if target.exists() or target.is_symlink():
                    raise TimelineError("file exists (use --force to overwrite)",
                                        str(target)) from None
                os.replace(tmp, target)
        else:
            os.replace(tmp, target)
    except OSError as err:
        raise TimelineError(f"cannot write: {err.strerror or err}", str(target)) from err
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: str | os.PathLike[str], payload: bytes, *, force: bool) -> Path:
    """``payload`` as the file ``path`` (see :func:`replacing`); returns the path."""
    with replacing(path, force=force, text=False, keep_existing=not force) as fh:
        fh.write(payload)
    return Path(path)
