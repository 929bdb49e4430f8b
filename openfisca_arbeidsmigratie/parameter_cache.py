"""A checked cache of the parameter tree, so that building current law does not re-parse the YAML.

Parsing the ~190 YAML files of ``parameters/`` is the largest part of building a tax-benefit
system. :func:`load_parameters` returns what ``openfisca_core.parameters.ParameterNode(
"", directory_path=...)`` returns, read from a pickle of an earlier load when that load read
exactly the same files:

* the key is a SHA-256 over every file OpenFisca reads for the tree (each ``.yaml``/``.yml`` file,
  its name and its bytes, and each sub-folder, in the order OpenFisca lists them, so that the
  order of the tree's children is part of the key too), the folder as given and as an absolute
  path (the tree stores the files' paths), the versions of Python, openfisca-core, numpy and PyYAML
  (and whether PyYAML uses libyaml) and :data:`FORMAT`. A changed, added, removed or renamed file
  is a new key: the tree is parsed afresh and stored under it (unless a file changed while it was
  parsed: then it is not stored);
* the cache lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, sub-folder
  ``openfisca-arbeidsmigratie``), created readable by the user only; a cache file is used only when
  it and its folder are owned by the user and writable by no one else (a pickle is code: nobody
  else may plant one);
* a cache file that cannot be read or does not hold a parameter tree is ignored (the tree is
  parsed afresh); a cache that cannot be written is skipped. The cache only ever saves time: the
  result is the same tree, attribute for attribute (tests/python/test_parameter_cache.py);
* ``ARBEIDSMIGRATIE_PARAMETER_CACHE=off`` (or ``0``) switches it off; any other value is the folder
  to use instead of the default one.

Each call returns a tree of its own (unpickled anew), as a fresh parse does: changing one
system's parameters never changes another's.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import pickle
import sys
import tempfile

from openfisca_core.parameters import ParameterNode, config

FORMAT = 1
"""Version of the cache's format and key; raise it when either changes."""
SETTING = "ARBEIDSMIGRATIE_PARAMETER_CACHE"
OFF = {"0", "off", "false", "no"}
FOLDER = "openfisca-arbeidsmigratie"


def cache_folder() -> pathlib.Path | None:
    """The cache folder, or None when the cache is switched off."""
    setting = os.environ.get(SETTING, "").strip()
    if setting.lower() in OFF:
        return None
    if setting:
        return pathlib.Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder known: no cache rather than one in the working folder
        return None
    return pathlib.Path(base) / FOLDER


def _versions() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    import numpy  # noqa: PLC0415
    import yaml  # noqa: PLC0415

    return repr(
        (
            FORMAT,
            sys.version,
            version("openfisca-core"),
            numpy.__version__,
            yaml.__version__,
            getattr(yaml, "__with_libyaml__", None),
        )
    )


def _walk(digest, directory: str) -> None:
    """Feed what ``ParameterNode(directory_path=directory)`` reads, in the order it reads it."""
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            if os.path.splitext(name)[1] not in config.FILE_EXTENSIONS:
                continue
            with open(path, "rb") as file:
                content = file.read()
            digest.update(b"f" + name.encode("utf-8", "surrogateescape") + b"\0")
            digest.update(str(len(content)).encode() + b"\0" + content)
        elif os.path.isdir(path):
            digest.update(b"d" + name.encode("utf-8", "surrogateescape") + b"\0")
            _walk(digest, path)
            digest.update(b"u\0")


def fingerprint(directory: str) -> str:
    """The cache key of the parameter folder ``directory`` (see the module docstring): the folder
    as given (the tree stores the paths as given) and as an absolute path."""
    digest = hashlib.sha256()
    for text in (_versions(), str(directory), os.path.abspath(directory)):
        digest.update(text.encode("utf-8", "surrogateescape") + b"\0")
    _walk(digest, directory)
    return digest.hexdigest()


def _prefix(directory: str) -> str:
    return "parameters-" + hashlib.sha256(os.path.abspath(directory).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _trusted(path: pathlib.Path) -> bool:
    """Owned by this user and writable by no one else. Where files have no POSIX owner and mode
    (Windows reports every folder as writable by all), nothing passes: no cache is used there."""
    try:
        status = path.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        return False
    return not status.st_mode & 0o022


def _read(path: pathlib.Path) -> ParameterNode | None:
    if not path.is_file() or not _trusted(path) or not _trusted(path.parent):
        return None
    try:
        with open(path, "rb") as file:
            tree = pickle.load(file)  # noqa: S301 (our own file, checked above)
    except Exception:  # noqa: BLE001 (a damaged or foreign cache file: parse afresh)
        return None
    return tree if isinstance(tree, ParameterNode) else None


def _write(folder: pathlib.Path, directory: str, key: str, tree: ParameterNode) -> None:
    """Store ``tree`` under ``key`` (atomically) and remove older trees of the same folder."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        data = pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / f"{_prefix(directory)}-{key}.pickle")
        except BaseException:
            pathlib.Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{_prefix(directory)}-*.pickle"):
            if old.name != f"{_prefix(directory)}-{key}.pickle":
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # a cache that cannot be written only costs time


def load_parameters(directory: str) -> ParameterNode:
    """The parameter tree of ``directory``: from the cache when the files are the same, else parsed."""
    folder = cache_folder()
    if folder is None:
        return ParameterNode("", directory_path=directory)
    key = fingerprint(directory)
    tree = _read(folder / f"{_prefix(directory)}-{key}.pickle")
    if tree is None:
        tree = ParameterNode("", directory_path=directory)
        if fingerprint(directory) == key:  # no file changed while it was parsed
            _write(folder, directory, key, tree)
    return tree
