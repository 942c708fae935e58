"""Files, read safely and written atomically.

Reading (`read_file`): only a regular file is read, and never more than a limit; a pipe, a device or
a socket is refused before a byte is read (`NotARegularFile`). The scenario, its calendars and the
earlier files of an output folder are all read so.

Writing a run's files as one set: from a reader's point of view they all change together, or none does.
The mechanism (`write_set`), for an output folder `out/`:

- The files live in versions: `out/.summit-scheduler/v-XXXX/` is one run's complete set, and the
  symbolic link `out/.summit-scheduler/current` names the version in force.
- Each file the run writes appears in `out/` under its own name as a relative symbolic link through
  that one link: `out/summit.ics -> .summit-scheduler/current/summit.ics`.
- A run writes its whole set into a new hidden version (each file flushed to disk), links the files
  of the version in force that it does not rewrite into the new one, and then switches `current` to
  the new version with one atomic rename. Before that rename every name shows the earlier run's
  file; after it, every name shows this run's. A kill -9, a SIGTERM, Ctrl-C or a full disk at any
  moment leaves one or the other, never a mix and never a missing file.
- The next run into the folder removes what an interrupted run left behind (a half-written version,
  a temporary link, a link to a file that never came into force) before it writes.

Files in `out/` of other programs, under names the run does not write, are never touched. A file the
run replaces that is not yet such a link (a file of ours from before, or another program's file with
--force) is first copied into the version in force and then turned into the link, so its content
does not change until the switch.

`write_all` is the plain form for single files and for `schedule init`: each file is staged, then
renamed over its target (the name always exists), and a failure puts back what was replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError, Where

# --- reading ----------------------------------------------------------------------------------------


class NotARegularFile(OSError):
    """The path names a pipe, a device or a socket: reading it could block forever or never end."""

    def __init__(self, kind: str, path: Path):
        super().__init__(f"{kind}, not a regular file")
        self.kind = kind
        self.strerror = str(self)
        self.filename = str(path)


_SPECIAL = (
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _regular(mode: int, path: Path) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    raise NotARegularFile(next((kind for test, kind in _SPECIAL if test(mode)), "a special file"), path)


def read_file(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of the regular file `path` (symbolic links followed): more than `limit` is too big.

    Only a regular file is read. A named pipe without a writer would block the run forever,
    /dev/zero and /dev/stdin never end, and opening some devices does something: those raise
    `NotARegularFile`, a folder `IsADirectoryError`, before a byte is read; other failures are the
    usual `OSError`s (FileNotFoundError, PermissionError, ...). The descriptor's own `fstat`
    decides, after an open with O_NONBLOCK (which does not wait for a pipe's writer), so a file
    swapped for a pipe after the first look is refused all the same; that first look (`stat`)
    only spares opening a device at all.
    """
    _regular(os.stat(path).st_mode, path)
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as stream:
        _regular(os.fstat(stream.fileno()).st_mode, path)
        if _NONBLOCK:
            os.set_blocking(stream.fileno(), True)
        return stream.read(limit + 1)


# --- writing ----------------------------------------------------------------------------------------

STORE = ".summit-scheduler"
"""The hidden folder inside the output folder that holds the versions."""

CURRENT = "current"
"""In STORE: the symbolic link that names the version in force."""

_LOCK = "lock"
_LEGACY = re.compile(r"^\.(?P<name>.+\.ics)\.[a-z0-9_]{8}\.(?P<kind>tmp|old)$")  # left by releases before sets

_committed: list[str] = []  # what this command has written for good, said in words


def committed() -> list[str]:
    """What this command has written for good — each folder whose set of files it switched in, and (see
    `note_written`) anything else — so that an interruption after it is not "nothing was written"."""
    return list(_committed)


def note_written(what: str) -> None:
    """Record something written for good outside an output folder (e.g. events stored on a CalDAV server)."""
    _committed.append(what)


def forget_committed() -> None:
    """Start a new command: nothing written yet."""
    _committed.clear()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _umask_mode() -> int:
    """The mode a plain `open()` would give a new file (mkstemp always uses 0600)."""
    return 0o666 & ~_umask()


def _new_version(store: Path) -> Path:
    """A new, empty version folder in `store`, with the mode a plain `mkdir` gives (mkdtemp's is 0700)."""
    version = Path(tempfile.mkdtemp(prefix="v-", dir=store))
    os.chmod(version, 0o777 & ~_umask())
    return version


def _check_names(folder: Path, names: list[str]) -> None:
    for name in names:
        if Path(name).name != name or name in {"", ".", "..", STORE}:
            raise OutputError(f"refusing to write outside the output folder: {name!r}", Where(str(folder)))


def _make_folder(folder: Path) -> None:
    if folder.is_symlink() and not folder.exists():
        raise OutputError(
            f"is a symbolic link to {os.readlink(folder)}, which does not exist",
            Where(str(folder)),
            hint="create the folder it points to, remove the link, or choose another folder with --out",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create the output folder: {error.strerror}",
            Where(str(folder)),
            hint="choose another folder with --out",
        ) from None


def _write_file(path: Path, data: bytes) -> None:
    """`data` into the new file `path`, flushed to disk before this returns."""
    with open(path, "xb") as stream:
        os.fchmod(stream.fileno(), _umask_mode())
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the names in `folder` (a rename, a new file) last across a power cut."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _link_text(name: str) -> str:
    return f"{STORE}/{CURRENT}/{name}"


def _is_our_link(path: Path) -> bool:
    return path.is_symlink() and os.readlink(path) == _link_text(path.name)


def _place_link(store: Path, target: Path, text: str) -> None:
    """Put the symbolic link `target -> text` in place with one rename (made in `store`, the same file system)."""
    temp = store / f"link-{secrets.token_hex(8)}"
    os.symlink(text, temp)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _version_in_force(store: Path) -> Path | None:
    link = store / CURRENT
    if not link.is_symlink():
        return None
    version = store / os.readlink(link)
    return version if version.parent == store and version.is_dir() else None


def _clean_up(folder: Path, store: Path) -> None:
    """Remove what an interrupted run left: anything in the store but the lock and the version in force,
    our links in `folder` to a file that never came into force, and the temporary files of earlier
    releases (whose `.old` backup is put back first when the file itself is missing)."""
    keep = {_LOCK, CURRENT}
    if (version := _version_in_force(store)) is not None:
        keep.add(version.name)
    for entry in store.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    for entry in folder.iterdir():
        if _is_our_link(entry) and not entry.exists():
            entry.unlink(missing_ok=True)  # a link a killed run made for a file that never came into force
        elif (found := _LEGACY.match(entry.name)) and entry.is_file() and not entry.is_symlink():
            original = folder / found["name"]
            if found["kind"] == "old" and not original.exists() and not original.is_symlink():
                os.replace(entry, original)  # the only copy of a file a killed earlier release had moved away
            else:
                entry.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    """One writer at a time per output folder (a second run waits); released by the system if killed."""
    import fcntl

    handle = os.open(store / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (they are delivered right after): the switch and its record are one step."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_set(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` (name → bytes) into `folder` as one set (see the module's docstring): the paths written.

    Raises OutputError (exit code 2) when the folder or a file cannot be written; then the folder shows
    exactly what it showed before. KeyboardInterrupt (Ctrl-C, or SIGTERM through the CLI) before the
    switch leaves it so too; after the switch, `committed()` names the folder.
    """
    names = list(files)
    _check_names(folder, names)
    _make_folder(folder)
    store = folder / STORE
    current = folder
    try:
        for name in names:
            current = folder / name
            if current.is_dir() and not current.is_symlink():
                raise IsADirectoryError(21, "a folder stands where the file should go")
        current = folder
        fresh = not store.exists()
        store.mkdir(exist_ok=True)
        try:
            with _locked(store):
                _clean_up(folder, store)
                _adopt(folder, store, names)
                _switch(folder, store, files)
        except BaseException:
            if fresh and _version_in_force(store) is None:  # a first run that failed leaves nothing behind
                shutil.rmtree(store, ignore_errors=True)
            raise
    except OSError as error:
        raise OutputError(
            f"cannot write: {error.strerror}",
            Where(str(current)),
            hint="check the folder's permissions and free space, or choose another folder with --out",
        ) from None
    return [folder / name for name in names]


def _adopt(folder: Path, store: Path, names: list[str]) -> None:
    """Turn each file the run replaces that is not yet our link into one, its content unchanged: copied
    into the version in force (made, empty, if there is none), then the link renamed over it."""
    strangers = [name for name in names if (folder / name).is_symlink() or (folder / name).exists()]
    strangers = [name for name in strangers if not _is_our_link(folder / name)]
    if not strangers:
        return
    version = _version_in_force(store)
    if version is None:
        version = _new_version(store)
        _sync_folder(version)
        _place_link(store, store / CURRENT, version.name)
        _sync_folder(store)
    for name in strangers:
        path = folder / name
        if path.is_file():  # a regular file, or a link to one: its bytes go on showing through our link
            temp = store / f"copy-{secrets.token_hex(8)}"
            try:
                _write_file(temp, path.read_bytes())
                os.replace(temp, version / name)
            finally:
                temp.unlink(missing_ok=True)
        _place_link(store, path, _link_text(name))
    _sync_folder(version)
    _sync_folder(folder)


def _switch(folder: Path, store: Path, files: dict[str, bytes]) -> None:
    """The new version, written whole, then switched in with one rename."""
    before = _version_in_force(store)
    version = _new_version(store)
    made: list[Path] = []  # links this run added: taken away again if it stops before the switch
    switched = False
    try:
        for name, data in files.items():
            _write_file(version / name, data)
        if before is not None:
            for entry in before.iterdir():
                if entry.name not in files:  # a file of the version in force this run does not rewrite
                    os.link(entry, version / entry.name, follow_symlinks=False)
        _sync_folder(version)
        for name in files:
            path = folder / name
            if not path.is_symlink():  # a new name: a link that shows nothing until the switch
                _place_link(store, path, _link_text(name))
                made.append(path)
        _sync_folder(folder)
        temp = store / f"link-{secrets.token_hex(8)}"
        os.symlink(version.name, temp)
        with _signals_held():
            os.replace(temp, store / CURRENT)  # the switch: every name now shows this run's file
            switched = True
            note_written(f"the files were written ({folder})")
    except BaseException:
        if not switched:
            for path in made:
                path.unlink(missing_ok=True)
            shutil.rmtree(version, ignore_errors=True)
        raise
    _sync_folder(store)
    if before is not None:
        shutil.rmtree(before, ignore_errors=True)


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Stage every file under a temporary name in `folder`, then rename each over its target.

    The name of a replaced file always exists (the new file is renamed over it; a hard link keeps the
    old one for a rollback). If any step fails, what was replaced is put back and the staged files are
    removed, so a failed run leaves the folder unchanged.
    """
    _check_names(folder, list(files))
    _make_folder(folder)
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []
    current = folder
    try:
        for name, data in files.items():
            current = folder / name
            if current.is_dir():
                raise IsADirectoryError(21, "a folder stands where the file should go")
            temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
            staged.append((temp, current))  # known before a byte is written: a failure removes it
            _write_file(temp, data)
        for temp, target in staged:
            current = target
            backup = None
            if target.exists():
                backup = folder / f".{target.name}.{secrets.token_hex(4)}.old"
                os.link(target, backup, follow_symlinks=False)
            replaced.append((target, backup))
            os.replace(temp, target)
        return [target for _, target in staged]
    except BaseException as error:  # an error or Ctrl-C: put back what was already replaced
        for target, backup in reversed(replaced):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        raise OutputError(
            f"cannot write: {error.strerror}",
            Where(str(current)),
            hint="check the folder's permissions or choose another with --out",
        ) from None
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for _, backup in replaced:
            if backup is not None:
                backup.unlink(missing_ok=True)
