"""The code fingerprint changes with any file of the package and nothing else."""

from pathlib import Path

from csc_scorecard.code_fingerprint import PACKAGE, code_fingerprint


def test_any_change_to_a_file_of_the_package_changes_it(tmp_path):
    (tmp_path / "measures").mkdir()
    module = tmp_path / "measures" / "rates.py"
    module.write_text("PER = 10_000\n")
    (tmp_path / "population.csv").write_text("343,54154\n")
    first = code_fingerprint(tmp_path)
    assert code_fingerprint(tmp_path) == first

    module.write_text("PER = 10_001\n")
    assert code_fingerprint(tmp_path) != first
    module.write_text("PER = 10_000\n")
    assert code_fingerprint(tmp_path) == first

    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "rates.cpython-311.pyc").write_bytes(b"\x00compiled")
    assert code_fingerprint(tmp_path) == first  # compiled copies are not the code

    module.rename(tmp_path / "measures" / "counts.py")  # the same bytes under another name
    assert code_fingerprint(tmp_path) != first
    module.write_text("PER = 10_000\n")
    (tmp_path / "extra.yaml").write_text("")  # a new, empty file
    assert code_fingerprint(tmp_path) != first


def test_the_installed_package_has_one_fingerprint():
    assert code_fingerprint() == code_fingerprint(PACKAGE)
    assert len(code_fingerprint()) == 32


def test_a_file_that_cannot_be_read_gives_no_fingerprint(tmp_path, monkeypatch):
    (tmp_path / "rates.py").write_text("PER = 10_000\n")
    assert code_fingerprint(tmp_path) is not None

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", unreadable)  # as for a file of another user's, mode 0600
    assert code_fingerprint(tmp_path) is None
