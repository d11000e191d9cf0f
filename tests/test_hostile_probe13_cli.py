"""Probe 13c's findings on the command line and the lab (issue 20, U2, U4, U5, U7, U9): the lab refused a positional
argument that is no file only after the kernel install, in two lines; with --offsets none a gain out of range was
named by an API name (NoOffsets.level); --offsets none with --trial/--seed and nothing drawn was taken; --help to a
full disk exited 0 with the help lost; `python -m crossbar --bogus` said only that COMMAND was missing."""

from pathlib import Path

import pytest

from test_hostile_cli_probe6 import assert_one_line_error, crossbar_cli

ROOT = Path(__file__).resolve().parents[1]


# U2. lab: a positional argument that is no file


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import lab

    def install_kernel():
        raise AssertionError("the kernel was installed before the positional argument was checked")

    monkeypatch.setattr(lab, "install_kernel", install_kernel)
    return lab


@pytest.mark.parametrize("argv", [["extra_positional_arg"], ["--port", "9999", "nothing.ipynb"],
                                  ["--no-browser", "nothing.ipynb"]])
def test_the_lab_refuses_a_positional_argument_that_is_no_file_before_the_kernel_install(lab, capsys, tmp_path,
                                                                                           monkeypatch, argv):
    """Jupyter said 'No such file or directory' after the install, then 'lab: cannot start JupyterLab: its log above
    says why'."""
    monkeypatch.chdir(tmp_path)
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err == (f"lab: {argv[-1]}: no such file or folder in {tmp_path}; a positional argument is a notebook or "
                   "folder to open, read relative to the current folder\n"), err


def test_the_lab_names_the_chapter_a_bare_chapter_name_means(lab, capsys, tmp_path, monkeypatch):
    """`make lab LAB_ARGS=letters.ipynb` is read relative to the current folder, not book/chapters."""
    chapter = next((ROOT / "book" / "chapters").glob("*.ipynb"))
    monkeypatch.chdir(tmp_path)
    assert lab.main([chapter.name]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"lab: {chapter.name}: no such file or folder in {tmp_path} (a "
                                                   "chapter: give "), err
    # the value of an option, a file or a folder that exists: no objection
    (tmp_path / "here.ipynb").write_text("{}")
    for given in (["--port", "9999"], ["here.ipynb"], ["."], ["--ServerApp.ip", "127.0.0.1"]):
        assert lab.positional_problem(given) is None, given
