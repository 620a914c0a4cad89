"""Known answers for the command line's messages: one line each, bounded, never a traceback (synthetic files)."""

from __future__ import annotations

import warnings

import pytest

from readiness.cli import commands as cli
from readiness.cli.commands import main
from readiness.pipeline.provenance import DEFAULT_YEAR_RULE

FW = "id,parent,weight,direction\nr,,,\na,r,1,1\nb,r,1,-1\n"
OBS = "region_code,indicator,year,value\n64.71,a,2023,1\n64.72,a,2023,2\n64.71,b,2024,3\n64.72,b,2024,4\n"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fw.csv").write_text(FW)
    (tmp_path / "obs.csv").write_text(OBS)
    return tmp_path


def test_score_without_year_says_which_year(files, capsys):
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "out.csv"]) == 0
    err = capsys.readouterr().err
    assert f"note: no year given: scored 2024, the default year (the dashboard's): {DEFAULT_YEAR_RULE}\n" in err


def test_warnings_are_one_clean_line_each(files, capsys):
    (files / "obs.csv").write_text(OBS + "64.71,population,2024,5\n")
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--year", "2024",
                 "--out", "out.csv"]) == 0
    lines = capsys.readouterr().err.splitlines()
    warned = [line for line in lines if line.startswith("warning:")]
    assert warned == ["warning: observations: 1 indicator id(s) are not in the framework and are not scored: "
                      "'population'"]
    assert all(line.startswith(("note: ", "warning: ")) for line in lines)
    assert not any(".py:" in line for line in lines)


def test_notes_are_not_repeated_as_warnings(files, capsys, monkeypatch):
    real = cli.score

    def noisy(*args, **kwargs):
        result = real(*args, **kwargs)
        warnings.warn(result.notes[0], UserWarning, stacklevel=1)
        return result

    monkeypatch.setattr(cli, "score", noisy)
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "o.csv"]) == 0
    err = capsys.readouterr().err
    assert err.count("no year given") == 1


def test_an_unexpected_error_is_one_line_and_exit_1(files, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "score", broken)
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "o.csv"]) == 1
    err = capsys.readouterr().err
    assert err == ("error: unexpected RuntimeError: boom second line (a bug; please report it with the command "
                   "you ran)\n")
    assert not (files / "o.csv").exists()


def test_many_problems_are_capped(files, capsys):
    (files / "obs.csv").write_text("region_code,indicator,year,value\n" + "bad,a,2024,x\n" * 500)
    assert main(["validate", "obs.csv"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == cli.MAX_PRINTED_PROBLEMS + 1
    assert lines[-1].startswith("error: ... and ") and lines[-1].endswith("more problem(s) not shown")


@pytest.mark.parametrize("args,message", [
    (["--range", "0", "inf"], "range must be two finite numbers"),
    (["--zscore-sd", "inf", "--normalise", "zscore"], "zscore (mean, sd) must be two finite numbers"),
    (["--min-coverage", "nan"], "min_coverage must be a share between 0 and 1, got nan"),
])
def test_non_finite_options_exit_2_and_write_nothing(files, capsys, args, message):
    out = files / "out.csv"
    out.write_text("before")
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "out.csv", *args]) == 2
    assert message in capsys.readouterr().err
    assert out.read_text() == "before"


def test_out_folder_is_refused(files, capsys):
    (files / "dir").mkdir()
    assert main(["score", "--framework", "fw.csv", "--observations", "obs.csv", "--out", "dir"]) == 2
    assert "--out 'dir' is a folder; give a file path" in capsys.readouterr().err
