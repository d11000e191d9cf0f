"""Probe 15c's finding on the lab (issue 20, L1): JupyterLab still reads NotebookApp's names of the traits that moved to
ServerApp and passes them on, but the lab's checks read only the ServerApp names: --NotebookApp.port=\u0663 served on
port 3, --NotebookApp.port=abc printed Jupyter's traceback and served on 8888, an unreachable --NotebookApp.ip and a
negative --NotebookApp.port_retries failed only after the kernel install, and --NotebookApp.notebook_dir was ignored."""

import pytest

from test_hostile_probe12_cli import lab  # noqa: F401 - the lab script with its kernel install refused


@pytest.mark.parametrize("argv, line", [
    (["--NotebookApp.port=\u0663"], "--NotebookApp.port=\u0663: expected a TCP port 1 ... 65535"),
    (["--NotebookApp.port=abc"], "--NotebookApp.port=abc: expected a TCP port 1 ... 65535"),
    (["--NotebookApp.ip=8.8.8.8"], "--NotebookApp.ip=8.8.8.8: not an address of this machine's networks"),
    (["--NotebookApp.port_retries=-1"], "--NotebookApp.port_retries=-1: expected a number of further ports to try"),
    (["--NotebookApp.notebook_dir=/nonexistent_q"], "--NotebookApp.notebook_dir=/nonexistent_q: no such folder"),
    (["--port=9999", "--NotebookApp.port=9998"], "--port=9999 and --NotebookApp.port=9998 both set ServerApp.port"),
])
def test_notebookapp_spellings_are_checked_as_the_serverapp_traits_they_set(lab, capsys, argv, line):
    assert lab.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"lab: {line}") and err.count("\n") == 1, err


def test_a_notebookapp_folder_to_serve_replaces_the_default(lab, tmp_path):
    """The lab's default root_dir was passed beside it, and won."""
    args = lab.lab_arguments([f"--NotebookApp.notebook_dir={tmp_path}"])
    assert not any(a.startswith("--ServerApp.root_dir=") for a in args)
    assert lab.positional_problem([f"--NotebookApp.notebook_dir={tmp_path}"]) is None


@pytest.mark.parametrize("flag", ["--generate-config", "--show-config", "--show-config-json"])
def test_flags_that_start_no_server_are_refused_before_the_kernel_install(lab, capsys, flag):
    """Probe 15c, L2: --generate-config passed the checks, installed the kernel, then ended in an AttributeError
    traceback ('ServerApp' object has no attribute 'identity_provider'), status 1, with no file written."""
    assert lab.main([flag]) == 2
    assert capsys.readouterr().err == (f"lab: {flag}: starts no server, and the lab starts one; run .venv/bin/jupyter "
                                       f"lab {flag} for that\n")
