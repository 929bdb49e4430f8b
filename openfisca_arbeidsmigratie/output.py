"""All-or-nothing outputs: a result folder or file is complete, or it is not there.

``compare --output``, ``costing --output`` and ``generate --output`` write through this module::

    with output_directory("results", command="compare") as out:   # checked before computing
        ...compute...; write files into out.path
        out.receipt = {...}
    # here "results" holds exactly the new files and manifest.json

    with output_file("population.parquet", suffixes=(".csv", ".parquet")) as partial:
        ...write partial...

How:

* The target is checked before anything is computed: an existing file where a folder is asked (or
  a folder where a file is asked), a missing parent folder, a location that cannot be written or
  read are a :class:`OutputError` (a :class:`~openfisca_arbeidsmigratie.errors.UserError`, exit 2).
* Files are written into a hidden temporary folder (or file) beside the target, so on the same
  file system. Only when every file is written does ``manifest.json`` go in, last: the list of
  files with their size and sha256 and the receipt (package version, parameter hashes, regimes).
  Then the temporary folder takes the target's place in one ``rename`` (an atomic exchange with
  the old folder where the system has ``renameat2``), and the old set is deleted.
* A rerun into a folder that holds an earlier output set (it has ``manifest.json``) or an empty
  folder replaces the whole set: no file of the earlier run remains (say Parquet beside new CSV).
  A folder that holds other files (no manifest) is refused, so a mistyped ``--output ~`` deletes
  nothing.
* A failure or an interruption (Ctrl-C; SIGTERM, which is turned into an exception while an
  output is open) removes the temporary folder; the previous results stay as they were. After a SIGKILL the hidden ``.NAME.partial-PID-*`` folder
  stays beside the target (the target itself is untouched) and the next run into the same target
  removes it.

For tests only: ``ARBEIDSMIGRATIE_TEST_PAUSE=POINT:MARKER`` makes the process write ``MARKER`` and
wait (until a signal) when it reaches ``POINT`` (``partial-output``: some files of the set, or part
of the file, are written; ``before-manifest``: every file but the manifest is written), so a test
can interrupt it at a known moment.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import pathlib
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence

from openfisca_arbeidsmigratie.errors import UserError

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "openfisca-arbeidsmigratie output set, version 1"
PAUSE_ENV = "ARBEIDSMIGRATIE_TEST_PAUSE"
PARTIAL = ".partial-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(UserError):
    """An output location that cannot be used (a file, missing, not writable, not ours)."""


# ---- checks -------------------------------------------------------------------------------------


def _parent_of(target: pathlib.Path, option: str) -> pathlib.Path:
    parent = target.parent
    if not parent.exists():
        raise OutputError(
            f"{option} {target}: the folder {parent} does not exist; allowed: a path in an existing "
            "folder (create it first)."
        )
    if not parent.is_dir():
        raise OutputError(f"{option} {target}: {parent} is a file, not a folder.")
    return parent


def _absolute(target: str | os.PathLike) -> pathlib.Path:
    """Absolute, with a symbolic link followed (the linked folder or file is the target)."""
    path = pathlib.Path(target).expanduser().absolute()
    return path.resolve() if path.is_symlink() else path


def check_output_directory(target: str | os.PathLike, option: str = "--output") -> pathlib.Path:
    """The absolute target folder, or OutputError when it cannot receive an output set."""
    target = _absolute(target)
    if target.exists() and not target.is_dir():
        raise OutputError(
            f"{option} {target}: is a file; allowed: a folder (new, empty, or holding an earlier "
            "output set, which is then replaced)."
        )
    _parent_of(target, option)
    if target.is_dir():
        try:
            entries = sorted(p.name for p in target.iterdir())
        except OSError as error:
            raise OutputError(f"{option} {target}: cannot read the folder ({error.strerror}).") from None
        if entries and MANIFEST not in entries:
            shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")  # noqa: PLR2004
            raise OutputError(
                f"{option} {target}: the folder holds files that are not an output set of this "
                f"package (no {MANIFEST}): {shown}; allowed: a new or empty folder, or the folder "
                "of an earlier run (its whole set is replaced). Nothing was computed."
            )
    return target


def check_output_file(
    target: str | os.PathLike, option: str = "--output", suffixes: Sequence[str] | None = None
) -> pathlib.Path:
    """The absolute target file, or OutputError when it cannot be written."""
    target = _absolute(target)
    if target.is_dir():
        raise OutputError(f"{option} {target}: is a folder; allowed: a file name.")
    if target.exists() and not target.is_file():
        raise OutputError(f"{option} {target}: is not a regular file.")
    if suffixes is not None and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"{option} {target}: unknown file type '{target.suffix}'; allowed: {', '.join(suffixes)}."
        )
    _parent_of(target, option)
    return target


# ---- the test hook ------------------------------------------------------------------------------


def pause_point(point: str) -> None:
    """Tests only: when ARBEIDSMIGRATIE_TEST_PAUSE names ``point``, write the marker and wait."""
    setting = os.environ.get(PAUSE_ENV, "")
    name, _, marker = setting.partition(":")
    if not marker or name != point:
        return
    pathlib.Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    while True:  # until a signal ends the process (SIGKILL) or raises (SIGINT: KeyboardInterrupt)
        signal.pause() if hasattr(signal, "pause") else time.sleep(3600)


# ---- helpers ------------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(target: pathlib.Path) -> None:
    """Temporaries of killed runs into ``target`` (``.NAME.partial-PID-*`` of a dead PID)."""
    prefix = f".{target.name}{PARTIAL}"
    try:
        siblings = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for sibling in siblings:
        pid_text = sibling.name[len(prefix) :].split("-", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)) and int(pid_text) != os.getpid():
            if sibling.is_dir() and not sibling.is_symlink():
                shutil.rmtree(sibling, ignore_errors=True)
            else:
                sibling.unlink(missing_ok=True)


def _umask_mode(mode: int) -> int:
    """``mode`` less the process umask (temporary files are created private; results are not)."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


class Terminated(SystemExit):
    """SIGTERM while an output is being written (exit code 143, after the temporary is removed)."""


@contextlib.contextmanager
def _sigterm_as_exception() -> Iterator[None]:
    """While writing: SIGTERM raises Terminated, so the temporary is removed (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _temporary_name(target: pathlib.Path) -> str:
    return f".{target.name}{PARTIAL}{os.getpid()}-"


def sha256_of(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


_SETTLED: dict[str, tuple[tuple[int, int, int], str]] = {}
_SETTLED_LOCK = threading.Lock()


def _identity(path: pathlib.Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def settle(path: str | os.PathLike) -> None:
    """A file of an output set that is complete: flushed to disk and its sha256 taken now, so
    that the manifest need not read it again (a writer thread calls this as soon as its file is
    written). The manifest takes the digest only while the file is unchanged (inode, size and
    modification time), else reads the file as usual."""
    path = pathlib.Path(path)
    _fsync(path)
    identity = _identity(path)
    digest = sha256_of(path)
    with _SETTLED_LOCK:
        _SETTLED[os.path.abspath(path)] = (identity, digest)


def _settled_sha256(path: pathlib.Path) -> str:
    with _SETTLED_LOCK:
        known = _SETTLED.pop(os.path.abspath(path), None)
    if known is not None and known[0] == _identity(path):
        return known[1]
    return sha256_of(path)


def _fsync(path: pathlib.Path) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    with contextlib.suppress(OSError):
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exchange(a: pathlib.Path, b: pathlib.Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _move_into_place(partial: pathlib.Path, target: pathlib.Path) -> None:
    """``partial`` becomes ``target``; an existing ``target`` folder is replaced as a whole."""
    if not target.exists():
        os.rename(partial, target)
        return
    if _exchange(partial, target):  # partial now holds the old set
        shutil.rmtree(partial, ignore_errors=True)
        return
    old = pathlib.Path(tempfile.mkdtemp(prefix=_temporary_name(target), dir=target.parent))
    os.rename(target, old / "old")
    os.rename(partial, target)
    shutil.rmtree(old, ignore_errors=True)


# ---- the output folder --------------------------------------------------------------------------


class OutputDirectory:
    """An output set being written: files go into :attr:`path` (a temporary folder)."""

    def __init__(self, target: pathlib.Path, path: pathlib.Path, command: str) -> None:
        self.target = target
        self.path = path
        self.command = command
        self.receipt: dict = {}
        self.metadata: dict = {}
        self.pending: list = []  # futures of files still being written (see pending_writes)

    def finish_pending(self, *, quietly: bool = False) -> None:
        """Wait for the files still being written into the set; a writer's error is raised
        (``quietly``: only waited for, when the set is being removed anyway)."""
        while self.pending:
            future = self.pending.pop(0)
            if quietly:
                future.exception()
            else:
                future.result()

    def final(self, path: str | os.PathLike) -> pathlib.Path:
        """Where a file written at ``path`` (inside :attr:`path`) will be once the set is complete."""
        return self.target / pathlib.Path(path).relative_to(self.path)

    def files(self) -> list[pathlib.Path]:
        return sorted(p for p in self.path.rglob("*") if p.is_file() and p.name != MANIFEST)

    def _write_manifest(self) -> None:
        entries = []
        for path in self.files():
            _fsync(path)
            entries.append(
                {
                    "path": path.relative_to(self.path).as_posix(),
                    "bytes": path.stat().st_size,
                    "sha256": _settled_sha256(path),
                }
            )
        document = {
            "format": MANIFEST_FORMAT,
            "complete": True,
            "command": self.command,
            **self.metadata,
            "files": entries,
            "receipt": self.receipt,
        }
        manifest = self.path / MANIFEST
        manifest.write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
        _fsync(manifest)
        _fsync(self.path)


@contextlib.contextmanager
def output_directory(
    target: str | os.PathLike, *, command: str, option: str = "--output"
) -> Iterator[OutputDirectory]:
    """Write an output set into a temporary folder; on success it replaces ``target`` as a whole.

    The target is checked (and its temporary folder created) on entry, before the caller computes.
    On any exception (KeyboardInterrupt included) the temporary folder is removed and ``target``
    is left as it was.
    """
    target = check_output_directory(target, option)
    _remove_stale(target)
    try:
        partial = pathlib.Path(tempfile.mkdtemp(prefix=_temporary_name(target), dir=target.parent))
    except OSError as error:
        raise OutputError(
            f"{option} {target}: cannot write in {target.parent} ({error.strerror}); allowed: a "
            "folder you may write to."
        ) from None
    partial.chmod(_umask_mode(0o777))
    out = OutputDirectory(target, partial, command)
    _OPEN[os.path.abspath(partial)] = out
    try:
        with _sigterm_as_exception():
            yield out
            out.finish_pending()
            pause_point("before-manifest")
            out._write_manifest()
            _move_into_place(partial, target)
    except BaseException:
        out.finish_pending(quietly=True)  # no writer is left writing into the removed folder
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        _OPEN.pop(os.path.abspath(partial), None)
    _fsync(target.parent)


_OPEN: dict[str, OutputDirectory] = {}


def pending_writes(folder: str | os.PathLike) -> list | None:
    """Where a writer of ``folder`` may leave the futures of files it is still writing, when
    ``folder`` is the temporary folder of an output set being written: the set waits for them
    before its manifest (and raises their errors there, inside :func:`output_directory`, or
    waits for them before removing itself). None for any other folder (write and wait)."""
    out = _OPEN.get(os.path.abspath(folder))
    return None if out is None else out.pending


@contextlib.contextmanager
def output_file(
    target: str | os.PathLike,
    *,
    option: str = "--output",
    suffixes: Sequence[str] | None = None,
) -> Iterator[pathlib.Path]:
    """Write one file under a temporary name beside ``target`` (same suffix); rename it on success.

    The target is checked and the temporary file created on entry; on any exception the temporary
    file is removed and an existing ``target`` is left as it was.
    """
    target = check_output_file(target, option, suffixes)
    _remove_stale(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=_temporary_name(target), suffix=target.suffix, dir=target.parent
        )
    except OSError as error:
        raise OutputError(
            f"{option} {target}: cannot write in {target.parent} ({error.strerror}); allowed: a "
            "folder you may write to."
        ) from None
    os.close(fd)
    partial = pathlib.Path(name)
    partial.chmod(_umask_mode(0o666))
    try:
        with _sigterm_as_exception():
            yield partial
            _fsync(partial)
            os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync(target.parent)


def write_table_in_parts(table, path: str | os.PathLike, parts: int = 2) -> pathlib.Path:
    """Write a pyarrow table as CSV or Parquet (by the suffix, as population.io) in ``parts``
    batches; the ``partial-output`` test pause comes after the first. Use inside :func:`output_file`."""
    import pyarrow as pa  # noqa: PLC0415 (keep the module light for the checks)
    import pyarrow.csv as pacsv  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    from openfisca_arbeidsmigratie.population.io import file_format  # noqa: PLC0415

    path = pathlib.Path(path)
    if file_format(path) == "csv":
        columns = [
            c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
        ]
        table = pa.table(columns, names=table.column_names)
        writer = pacsv.CSVWriter(path, table.schema)
    else:
        writer = pq.ParquetWriter(path, table.schema, compression="zstd")
    step = max(1, -(-table.num_rows // parts))
    with writer:
        for start in range(0, max(table.num_rows, 1), step):
            writer.write_table(table.slice(start, step))
            pause_point("partial-output")
    return path


def verify_output_set(folder: str | os.PathLike) -> list[str]:
    """Problems of an output set against its manifest (empty when it is complete and unchanged)."""
    folder = pathlib.Path(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return [f"{folder}: no {MANIFEST}; the set is incomplete or not an output set"]
    document = json.loads(manifest.read_text(encoding="utf-8"))
    problems = []
    listed = {entry["path"] for entry in document.get("files", [])}
    for entry in document.get("files", []):
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: listed in the manifest but missing")
        elif path.stat().st_size != entry["bytes"] or sha256_of(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: differs from the manifest (size or sha256)")
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != MANIFEST and relative not in listed:
            problems.append(f"{relative}: not in the manifest")
    return problems
