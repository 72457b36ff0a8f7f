"""The import contracts in pyproject.toml hold, and no two feature packages import each other, even through others."""
import subprocess
import sys
from pathlib import Path

import grimp
from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def feature_packages():
    """Every package above the core layer of the layers contract, by full name."""
    contracts = read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"]
    layers = next(contract for contract in contracts if contract["id"] == "layers")["layers"]
    return sorted(f"portal.{name.strip()}" for layer in layers[:-1] for name in layer.replace(":", "|").split("|"))


def cycles(edges):
    """Each cycle in a directed graph {node: {nodes it points to}}, as the path that closes it."""
    found, done = [], set()

    def visit(node, path):
        if node in path:
            found.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        for target in sorted(edges[node]):
            visit(target, path + [node])
        done.add(node)

    for node in sorted(edges):
        visit(node, [])
    return found


def test_the_import_contracts_are_kept():
    result = subprocess.run([LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_feature_package_imports_another_that_imports_it_back():
    graph = grimp.build_graph("portal", cache_dir=None)
    features = feature_packages()
    assert set(features) <= graph.modules
    edges = {importer: {imported for imported in features if imported != importer and graph.direct_import_exists(
        importer=importer, imported=imported, as_packages=True)} for importer in features}
    assert cycles(edges) == []


def test_a_cycle_is_found_however_far_round_it_goes():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
