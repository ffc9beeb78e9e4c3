"""Map the imports between the project's modules and report what breaks the layering.

Run ``.venv/bin/python bench/import_graph.py`` from the repository root. It reads every
project module with ``ast`` (no import runs) and prints:

(a) cycles among module-level imports,
(b) imports of project modules made inside functions, with file:line,
(c) imports against the app layering (an app importing one above it).

``tests/test_import_graph.py`` asserts (a) and (c) are empty and that (b) holds only the
imports listed in ``ALLOWED_FUNCTION_IMPORTS`` below, each with the reason it has to wait.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Package name -> folder that holds it.
PACKAGES: dict[str, Path] = {
    "structured_disclosures": ROOT / "structured_disclosures",
    "action_plans": ROOT / "action_plans",
    "channels": ROOT / "channels",
    "organisation": ROOT / "organisation",
    "disclosure_pages": ROOT / "disclosure_pages",
    "photo_gallery": ROOT / "photo_gallery",
    "reporting": ROOT / "reporting",
    "moderation": ROOT / "moderation",
    "disclosure_signin": ROOT / "disclosure_signin",
    "disclosure_thai": ROOT / "disclosure_thai",
    "ita": ROOT / "ita",
    "disclosure_site": ROOT / "site" / "disclosure_site",
}

# Layer of each app: an app may import apps of its own layer's lower numbers only
# (site -> ita -> apps -> moderation -> the Thai layer). Apps on the same layer do not
# import each other either. ITA links to what the page apps publish, so it sits above
# them and none of them knows it.
LAYERS: dict[str, int] = {
    "disclosure_site": 4,
    "ita": 3,
    # Structured disclosures (the procurement summary, ...) extend the item pages.
    "structured_disclosures": 3,
    # The action plan (1.6) and its progress reports extend the item pages.
    "action_plans": 3,
    # The other channels (public relations' queue and log) read the page apps.
    "channels": 3,
    # The executives and the organisation chart extend the item pages.
    "organisation": 3,
    "disclosure_pages": 2,
    "photo_gallery": 2,
    "reporting": 2,
    "disclosure_signin": 2,
    "moderation": 1,
    "disclosure_thai": 0,
}
# The Thai layer at the bottom (layer 0): it imports no other app of the project.
THAI_APP = "disclosure_thai"

# Moderation's core modules, top first: each imports only modules after it in this list
# (and the Thai layer, and modules outside the list import any of them).
MODERATION_ORDER = [
    "moderation.models",
    "moderation.decisions",
    "moderation.decision_forms",
    "moderation.approvers",
    "moderation.pages",
    "moderation.drafts",
    "moderation.page_kinds",
    "moderation.change_note_records",
    "moderation.urgent_records",
    "moderation.withdrawal_records",
    "moderation.records",
    "moderation.office",
]

# Imports inside ``AppConfig.ready()`` (the ``<app>.apps`` modules) are allowed: Django
# imports ``apps`` before any model exists, and ``ready()`` is where an app connects
# its signals and registers its checks once the models are loaded.
READY_REASON = "AppConfig.ready(): runs once the models are loaded"

# Other imports of project modules made inside a function, keyed by (importing
# module, imported module), with the reason each one is not at module level.
ALLOWED_FUNCTION_IMPORTS: dict[tuple[str, str], str] = {
    ("disclosure_site.backups", "moderation.roles"): (
        "the site's backups name no app at module level; role groups are put back "
        "only after a restore has migrated"
    ),
    ("disclosure_site.backups", "moderation.setup"): (
        "as above (SetupReport for the role resync after a restore)"
    ),
    ("moderation.workflow_finish", "moderation.withdrawal"): (
        "Wagtail imports the finish action (WAGTAIL_FINISH_WORKFLOW_ACTION) while "
        "its own models load, before moderation's models can be imported"
    ),
    ("reporting.wagtail_hooks", "moderation.models"): (
        "not required: can move to module level (reporting already imports "
        "moderation.models there); left to reporting's owner"
    ),
}

# Imports against the layering that are known and have to go, with the reason.
LAYERING_EXCEPTIONS: dict[tuple[str, str], str] = {}


def is_allowed_function_import(imp: Import) -> bool:
    """Whether an import inside a function is one that has to be there."""
    return (
        imp.source.endswith(".apps")
        or (imp.source, imp.target) in ALLOWED_FUNCTION_IMPORTS
    )


@dataclass(frozen=True)
class Import:
    """One import of a project module found in a source file."""

    source: str
    target: str
    path: Path
    line: int
    in_function: bool


def module_name(package: str, folder: Path, path: Path) -> str:
    """Dotted module name of ``path`` inside ``package``."""
    parts = list(path.relative_to(folder).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def project_files() -> dict[str, Path]:
    """Every project module, migrations left out (Django writes them)."""
    files: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts or ".venv" in path.parts:
                continue
            files[module_name(package, folder, path)] = path
    return files


def resolve(
    name: str, level: int, source: str, is_package: bool, modules: set[str]
) -> str | None:
    """The project module an import names, or None when it is not the project's."""
    if level:
        base = source.split(".") if is_package else source.split(".")[:-1]
        base = base[: len(base) - (level - 1)]
        name = ".".join(base + ([name] if name else []))
    if name.split(".")[0] not in PACKAGES:
        return None
    # ``from moderation import models`` names a submodule; ``import a.b.c`` the longest
    # known prefix.
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


class _Visitor(ast.NodeVisitor):
    def __init__(self, source: str, path: Path, is_package: bool, modules: set[str]):
        self.source, self.path, self.is_package, self.modules = (
            source,
            path,
            is_package,
            modules,
        )
        self.depth = 0
        self.found: list[Import] = []

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_If(self, node: ast.If) -> None:
        # ``if TYPE_CHECKING:`` imports never run.
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _add(self, target: str | None, line: int) -> None:
        if target and target != self.source:
            self.found.append(
                Import(self.source, target, self.path, line, self.depth > 0)
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(
                resolve(alias.name, 0, self.source, self.is_package, self.modules),
                node.lineno,
            )

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            # ``from pkg import sub`` imports the submodule when there is one.
            full = f"{module}.{alias.name}" if module else alias.name
            target = resolve(
                full, node.level, self.source, self.is_package, self.modules
            )
            self._add(target, node.lineno)


def collect() -> list[Import]:
    """All imports of project modules, module-level and inside functions."""
    files = project_files()
    modules = set(files)
    found: list[Import] = []
    for source, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        visitor = _Visitor(source, path, path.name == "__init__.py", modules)
        visitor.visit(tree)
        # ``from .a import x, y`` is one import of ``a``.
        found.extend(dict.fromkeys(visitor.found))
    return found


def cycles(imports: list[Import], *, with_functions: bool = False) -> list[list[str]]:
    """Strongly connected groups (more than one module) of the module-level graph,
    or of every import, those inside functions included (``with_functions``)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if with_functions or not imp.in_function:
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    # Tarjan's algorithm, iterative so deep graphs do not hit the recursion limit.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return sorted(groups)


def app_of(module: str) -> str:
    return module.split(".")[0]


def layering_violations(imports: list[Import]) -> list[Import]:
    """Imports that run upward or sideways between apps, or out of the Thai layer."""
    bad = []
    for imp in imports:
        src, dst = app_of(imp.source), app_of(imp.target)
        if src != dst and LAYERS[dst] >= LAYERS[src]:
            bad.append(imp)
    return bad


def order_violations(imports: list[Import]) -> list[Import]:
    """Imports of moderation's core modules that run up ``MODERATION_ORDER``, or out
    of it to a moderation module above the core (the Thai layer is below it)."""
    rank = {name: i for i, name in enumerate(MODERATION_ORDER)}
    bad = []
    for imp in imports:
        if imp.source not in rank or app_of(imp.target) == THAI_APP:
            continue
        if app_of(imp.target) != "moderation":
            continue
        if rank.get(imp.target, -1) <= rank[imp.source]:
            bad.append(imp)
    return bad


def function_imports(imports: list[Import]) -> list[Import]:
    """Imports of project modules made inside a function."""
    return [imp for imp in imports if imp.in_function]


def _where(imp: Import) -> str:
    return f"{imp.path.relative_to(ROOT)}:{imp.line}"


def main() -> int:
    imports = collect()
    found_cycles = cycles(imports)
    local = function_imports(imports)
    bad = layering_violations(imports)
    print(f"(a) module-level import cycles: {len(found_cycles)}")
    for group in found_cycles:
        print("    " + " <-> ".join(group))
    held_apart = cycles(imports, with_functions=True)
    print(f"    cycles once imports inside functions count: {len(held_apart)}")
    for group in held_apart:
        print(f"    {len(group)} modules: " + ", ".join(group))
    upward = order_violations(imports)
    print(f"    imports up moderation's core order: {len(upward)}")
    for imp in upward:
        print(f"    {_where(imp)}  {imp.source} -> {imp.target}")
    print(f"(b) function-level imports of project modules: {len(local)}")
    for imp in local:
        allowed = (
            "allowed" if (imp.source, imp.target) in ALLOWED_FUNCTION_IMPORTS else ""
        )
        print(f"    {_where(imp)}  {imp.source} -> {imp.target}  {allowed}")
    print(f"(c) imports against the layering: {len(bad)}")
    for imp in bad:
        known = (imp.source, imp.target) in LAYERING_EXCEPTIONS
        print(f"    {_where(imp)}  {imp.source} -> {imp.target}  {'(known)' * known}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
