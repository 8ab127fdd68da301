"""The build step pyproject.toml cannot declare: the wheel carries what the app needs besides
Python (templates, static files, migrations, the translation catalogs compiled to .mo) in
app/bundled/, where app/paths.py finds them. An editable install skips this: a checkout reads
the folders at the repository's root."""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
COPIED = ("templates", "static", "migrations")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.mo.*")


def _compile_catalogs(target: Path) -> None:
    spec = importlib.util.spec_from_file_location("_catalogs", ROOT / "app" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_catalogs(ROOT / "translations", target)


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        bundled = Path(self.build_lib) / "app" / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        for name in COPIED:
            shutil.copytree(ROOT / name, bundled / name, ignore=SKIPPED)
        _compile_catalogs(bundled / "translations")


setup(cmdclass={"build_py": BuildWithResources})
