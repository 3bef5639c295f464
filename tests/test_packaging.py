"""What `pip install .` ships: every subpackage and every bundled model file."""
import configparser

from conftest import ROOT


def _config():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return config


def test_every_subpackage_is_listed_in_setup_cfg():
    listed = set(_config()["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "annotate").rglob("__init__.py")}
    assert found | {"annotate.schemas"} == listed


def test_every_bundled_model_file_matches_package_data():
    from fnmatch import fnmatch
    patterns = _config()["options.package_data"]["annotate"].split()
    resources = ROOT / "annotate"
    for path in (resources / "resources").rglob("*"):
        if path.is_file():
            relative = path.relative_to(resources).as_posix()
            assert any(fnmatch(relative, p) for p in patterns), relative


def test_every_language_data_file_matches_package_data():
    config = _config()["options.package_data"]
    for package in (p for p in config if p.startswith("annotate.languages.")):
        root = ROOT.joinpath(*package.split("."))
        shipped = {path for pattern in config[package].split() for path in root.glob(pattern)}  # as setuptools globs
        data = {path for path in root.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")}
        assert data <= shipped, sorted(str(p.relative_to(root)) for p in data - shipped)
