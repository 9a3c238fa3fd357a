"""The folders are the architecture: imports flow server → sync → topofmind, the pure domain does no I/O, and no module imports itself back."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    run = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout or "BROKEN" not in run.stdout


def test_no_module_imports_itself_back_through_others():
    import grimp

    graph = grimp.build_graph("server", "sync", "topofmind")
    cycles = sorted({tuple(sorted((module, imported)))
                     for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.chain_exists(importer=imported, imported=module)})
    assert cycles == [], f"import cycles (a lazy import inside a function counts too): {cycles}"
