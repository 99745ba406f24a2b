"""A password in a database URL is never printed: every message that names the
database shows *** in its place, with --debug too, wherever the URL came from."""

import pytest

import amtrax_tui.cli.common
from amtrax_tui.cli import main

SECRET = "hunter2"
UNREACHABLE = [  # (the target given, how the message names it)
    ("postgresql://amtrax:hunter2@127.0.0.1:1/amtrax", "postgresql://amtrax:***@127.0.0.1:1/amtrax"),
    ("postgresql://amtrax@127.0.0.1:1/amtrax?password=hunter2", "postgresql://amtrax@127.0.0.1:1/amtrax?password=***"),
    ("postgresql://amtrax@127.0.0.1:1/amtrax?sslpassword=hunter2&password=hunter2",
     "postgresql://amtrax@127.0.0.1:1/amtrax?sslpassword=***&password=***"),
    ("postgresql://amtrax@127.0.0.1:1/amtrax?pass%77ord=hunter2", "postgresql://amtrax@127.0.0.1:1/amtrax?pass%77ord=***"),
    ("postgresql://amtrax:hunt%65r2@127.0.0.1:1/amtrax", "postgresql://amtrax:***@127.0.0.1:1/amtrax"),
]
MALFORMED = [  # URLs that do not parse: the parser's own message would quote part of the password
    ("postgresql://amtrax:hunter2/x@127.0.0.1/amtrax", "postgresql://amtrax:***@127.0.0.1/amtrax"),
    ("postgresql://amtrax:hunter2@127.0.0.1:port/amtrax", "postgresql://amtrax:***@127.0.0.1:port/amtrax"),
    ("postgresql://amtrax:hunter2@[::1/amtrax", "postgresql://amtrax:***@[::1/amtrax"),
    ("mysql://amtrax:hunter2@127.0.0.1/amtrax", "mysql://amtrax:***@127.0.0.1/amtrax"),
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_hidden(err: str, shown: str) -> None:
    assert shown in err, err
    assert SECRET not in err and "hunt%65r2" not in err and "hunter" not in err, err


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["", "--debug"])
@pytest.mark.parametrize("target, shown", UNREACHABLE + MALFORMED)
def test_the_option_s_password_is_never_printed(capsys, target, shown, debug):
    code, out, err = run(capsys, "--db", target, *debug, "member", "list")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert_hidden(err, shown)


def test_the_environment_s_password_is_never_printed(capsys, monkeypatch):
    target, shown = UNREACHABLE[1]
    monkeypatch.setenv("AMTRAX_DB", target)
    code, _, err = run(capsys, "roster", "--debug")
    assert code == 1
    assert_hidden(err, shown)


def test_the_config_file_s_password_is_never_printed(capsys, monkeypatch, tmp_path):
    target, shown = UNREACHABLE[0]
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{target}"\n')
    monkeypatch.setenv("AMTRAX_CONFIG", str(config))
    code, _, err = run(capsys, "progress", "--member", "1")
    assert code == 1
    assert_hidden(err, shown)


def test_a_url_given_where_none_belongs_is_echoed_without_its_password(capsys):
    target, shown = UNREACHABLE[0]
    code, _, err = run(capsys, "member", "list", target)
    assert code == 2 and "unrecognized arguments" in err
    assert_hidden(err, shown)


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_naming_the_url_hides_it_in_the_message_and_the_traceback(capsys, monkeypatch, debug):
    target, shown = UNREACHABLE[2]

    def fail(found: str):
        raise RuntimeError(f"lost the connection to '{found}' on the way")

    monkeypatch.setattr(amtrax_tui.cli.common, "open_database", fail)
    code, _, err = run(capsys, "--db", target, *(["--debug"] if debug else []), "member", "list")
    assert code == 1
    assert ("Traceback (most recent call last)" in err) == debug
    assert f"RuntimeError: lost the connection to '{shown}' on the way" in err
    assert_hidden(err, shown)
