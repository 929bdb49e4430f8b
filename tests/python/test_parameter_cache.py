"""The cache of the parameter tree is exact (the same tree as a fresh parse, attribute for
attribute), follows every change of a parameter file, and never uses a file it cannot trust."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest
from openfisca_core.parameters import ParameterNode

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem, law_directory, parameter_cache

LAW = law_directory("parameters")
CRITERION = "kennismigranten.looncriterium.dertig_jaar_en_ouder"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(parameter_cache.SETTING, str(folder))
    return folder


@pytest.fixture
def law_copy(tmp_path):
    copy = tmp_path / "parameters"
    shutil.copytree(LAW, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return str(copy)


def fresh(directory: str) -> ParameterNode:
    return ParameterNode("", directory_path=directory)


def canonical(obj, seen=None):
    """Every attribute of every object of the tree, compared by value (types and order included;
    an object met again, such as a node's child that is also its attribute, by the order in which
    it was first met): two trees with equal canonical forms are the same tree for every reader."""
    seen = {} if seen is None else seen
    if obj is None or isinstance(obj, str | int | float | bool):
        return (type(obj).__name__, obj)
    if isinstance(obj, dict):
        return ("dict", tuple((canonical(k, seen), canonical(v, seen)) for k, v in obj.items()))
    if isinstance(obj, list | tuple):
        return (type(obj).__name__, tuple(canonical(v, seen) for v in obj))
    if hasattr(obj, "tolist"):  # numpy arrays and scalars
        return (type(obj).__name__, str(getattr(obj, "dtype", "")), obj.tolist())
    if hasattr(obj, "__dict__"):
        if id(obj) in seen:
            return ("met before", seen[id(obj)])
        seen[id(obj)] = len(seen)
        return (type(obj).__qualname__, canonical(vars(obj), seen))
    raise AssertionError(f"an attribute of type {type(obj)} the comparison does not know")


def value(tree: ParameterNode, path: str, day: str):
    node = tree
    for part in path.split("."):
        node = node.children[part]
    return node(day)


def test_the_cached_tree_is_the_fresh_tree_attribute_for_attribute(cache):
    first = parameter_cache.load_parameters(LAW)  # parsed, then stored
    assert len(list(cache.glob("parameters-*.pickle"))) == 1
    cached = parameter_cache.load_parameters(LAW)  # read from the cache
    expected = canonical(fresh(LAW))
    assert canonical(cached) == expected
    assert canonical(first) == expected
    assert [p.name for p in cached.get_descendants()] == [p.name for p in fresh(LAW).get_descendants()]
    changed = fresh(LAW)
    changed.kennismigranten.looncriterium.dertig_jaar_en_ouder.values_list[-1].value += 1
    assert canonical(changed) != expected  # the comparison sees one changed amount


def test_current_law_built_from_the_cache_is_current_law_parsed_afresh(cache, monkeypatch):
    CountryTaxBenefitSystem()  # fills the cache
    cached = CountryTaxBenefitSystem()
    monkeypatch.setenv(parameter_cache.SETTING, "off")
    parsed = CountryTaxBenefitSystem()
    assert canonical(cached.parameters) == canonical(parsed.parameters)
    assert sorted(cached.variables) == sorted(parsed.variables)
    assert cached.parameters("2026-01-01").kennismigranten.looncriterium.dertig_jaar_en_ouder == 5942


def test_each_load_is_a_tree_of_its_own(cache):
    one = parameter_cache.load_parameters(LAW)
    value_before = value(one, CRITERION, "2026-01-01")
    one.children["kennismigranten"].children["looncriterium"].children["dertig_jaar_en_ouder"].update(
        start="2026-01-01", value=1
    )
    assert value(parameter_cache.load_parameters(LAW), CRITERION, "2026-01-01") == value_before


def test_a_changed_added_or_removed_file_is_parsed_afresh(cache, law_copy):
    assert value(parameter_cache.load_parameters(law_copy), CRITERION, "2026-01-01") == 5942
    path = os.path.join(law_copy, *CRITERION.split(".")) + ".yaml"
    with open(path, encoding="utf-8") as file:
        text = file.read()
    with open(path, "w", encoding="utf-8") as file:
        file.write(text.replace("5942", "5943"))
    assert value(parameter_cache.load_parameters(law_copy), CRITERION, "2026-01-01") == 5943
    extra = os.path.join(law_copy, "kennismigranten", "looncriterium", "proef.yaml")
    with open(extra, "w", encoding="utf-8") as file:
        file.write("description: proef\nvalues:\n  2020-01-01:\n    value: 1\n")
    assert "proef" in parameter_cache.load_parameters(law_copy).kennismigranten.looncriterium.children
    os.remove(extra)
    assert "proef" not in parameter_cache.load_parameters(law_copy).kennismigranten.looncriterium.children
    assert len(list(cache.glob("parameters-*.pickle"))) == 1  # older trees of the folder are removed


def test_a_damaged_cache_file_is_ignored_and_replaced(cache):
    parameter_cache.load_parameters(LAW)
    (stored,) = cache.glob("parameters-*.pickle")
    stored.write_bytes(b"not a pickle")
    tree = parameter_cache.load_parameters(LAW)
    assert canonical(tree) == canonical(fresh(LAW))
    assert stored.read_bytes() != b"not a pickle"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")
def test_a_cache_file_others_may_write_is_not_used(cache, law_copy):
    parameter_cache.load_parameters(law_copy)
    (stored,) = cache.glob("parameters-*.pickle")
    planted = fresh(law_copy)
    planted.children["kennismigranten"].children["looncriterium"].children["dertig_jaar_en_ouder"].update(
        start="2026-01-01", value=1
    )
    stored.write_bytes(pickle.dumps(planted))
    stored.chmod(0o666)
    assert value(parameter_cache.load_parameters(law_copy), CRITERION, "2026-01-01") == 5942


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(parameter_cache.SETTING, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parameter_cache.cache_folder() is None
    tree = parameter_cache.load_parameters(LAW)
    assert canonical(tree) == canonical(fresh(LAW))
    assert not list(tmp_path.rglob("*.pickle"))


def test_the_default_month_of_a_help_text_is_the_default_month_without_building_current_law():
    """`--help` reads the default month from the parameter tree alone; it is the month current law gives."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "from openfisca_arbeidsmigratie import law_coverage as c\n"
        "from openfisca_arbeidsmigratie.reforms import baseline_system as b\n"
        "h = c.default_period_for_help()\n"
        "assert b.cache_info().currsize == 0, 'current law was built'\n"
        "print(h, c.default_period())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    help_month, month = run.stdout.split()
    assert help_month == month


def test_python_s_bytecode_folder_is_not_a_parameter_node(law_copy):
    """A `parameters/__pycache__` folder (where the wheel's `parameters` package is imported)
    would be an empty parameter node; current law leaves it out."""
    from openfisca_arbeidsmigratie.system import without_bytecode_folder  # noqa: PLC0415

    os.mkdir(os.path.join(law_copy, "__pycache__"))
    tree = fresh(law_copy)
    assert "__pycache__" in tree.children  # what OpenFisca makes of it
    cleaned = without_bytecode_folder(tree)
    assert "__pycache__" not in cleaned.children and not hasattr(cleaned, "__pycache__")
    os.rmdir(os.path.join(law_copy, "__pycache__"))
    assert canonical(cleaned) == canonical(fresh(law_copy))  # nothing else changed
