"""The project's imports run one way (bench/import_graph.py draws the map).

site → structured_disclosures → (disclosure_pages, photo_gallery, reporting, …) →
moderation → the Thai layer;
no module-level import cycle; and an import inside a function only where Django
needs it (``AppConfig.ready``) or where it is listed with its reason.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "import_graph", Path(__file__).resolve().parents[1] / "bench" / "import_graph.py"
)
import_graph = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("import_graph", import_graph)
_spec.loader.exec_module(import_graph)


def _imports():
    return import_graph.collect()


def test_the_map_sees_the_imports_it_must_judge():
    """The test cannot pass by reading nothing: known imports are on the map."""
    pairs = {(imp.source, imp.target, imp.in_function) for imp in _imports()}
    assert ("moderation.models", "moderation.approvers", False) in pairs
    assert ("disclosure_pages.models", "moderation.forms", False) in pairs
    assert ("moderation.apps", "moderation.signal_handlers", True) in pairs


def test_no_module_level_import_cycle():
    assert import_graph.cycles(_imports()) == []


def test_no_cycle_held_apart_by_imports_inside_functions():
    """Moderation's modules no longer import each other in a circle at all, even
    counting the imports made inside functions (the Thai search is handed the units'
    names by its caller; it no longer reads them from moderation)."""
    known = set(import_graph.LAYERING_EXCEPTIONS)
    imports = [imp for imp in _imports() if (imp.source, imp.target) not in known]
    assert import_graph.cycles(imports, with_functions=True) == []


def test_imports_follow_the_layering():
    bad = [
        f"{imp.path.name}:{imp.line} {imp.source} -> {imp.target}"
        for imp in import_graph.layering_violations(_imports())
        if (imp.source, imp.target) not in import_graph.LAYERING_EXCEPTIONS
    ]
    assert bad == []


def test_moderation_core_modules_import_downward_only():
    """office ← records ← page_kinds ← drafts ← pages ← approvers ← decisions ←
    models: the office and units, the chain's records, who may act and the task each
    have their module, and none imports one above it (not even in a function)."""
    bad = [
        f"{imp.path.name}:{imp.line} {imp.source} -> {imp.target}"
        for imp in import_graph.order_violations(_imports())
    ]
    assert bad == []


def test_imports_inside_functions_are_only_those_allowed():
    found = [
        f"{imp.path.name}:{imp.line} {imp.source} -> {imp.target}"
        for imp in import_graph.function_imports(_imports())
        if not import_graph.is_allowed_function_import(imp)
    ]
    assert found == []


def test_the_allow_lists_hold_nothing_stale():
    """Each listed exception still exists, so the lists shrink as imports move."""
    imports = _imports()
    local = {(imp.source, imp.target) for imp in imports if imp.in_function}
    assert set(import_graph.ALLOWED_FUNCTION_IMPORTS) <= local
    every = {(imp.source, imp.target) for imp in imports}
    assert set(import_graph.LAYERING_EXCEPTIONS) <= every


def test_the_thai_layer_imports_no_project_app():
    """disclosure_thai (dates, fiscal periods, digits, page addresses) and the admin's
    Thai catalogue sit under every app: they import nothing of the project but
    themselves, not even inside a function."""
    bad = [
        f"{imp.path.name}:{imp.line} {imp.source} -> {imp.target}"
        for imp in _imports()
        if import_graph.app_of(imp.source) == "disclosure_thai"
        and import_graph.app_of(imp.target) != "disclosure_thai"
    ]
    assert bad == []
    modules = {imp.source for imp in _imports()}
    assert "disclosure_thai.templatetags.thai_dates" in modules
    assert "disclosure_thai.admin_th.apps" in modules


def test_structured_disclosures_sit_above_the_page_apps():
    """The procurement summary extends the item pages: disclosure_pages must never
    import it (the category finds it through moderation.page_kinds)."""
    layers = import_graph.LAYERS
    assert layers["structured_disclosures"] > layers["disclosure_pages"]
    pairs = {(imp.source, imp.target) for imp in _imports()}
    assert ("structured_disclosures.models", "disclosure_pages.models") in pairs
