"""The site config file's printing, e-mail, digest and styles settings: read, and every malformed one refused
naming its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtrax_tui.config import PRINT_TIMEOUT_S, Config, ConfigError, Smtp, load_config

SMTP = '[smtp]\nhost = "mail.example.org"\nfrom = "ce@example.org"\n'


def load(tmp_path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_config(path)


def refusal(tmp_path, text: str) -> str:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, text)
    message = str(raised.value)
    assert message.startswith(f"config file {tmp_path / 'config.toml'}: ") and "\n" not in message
    return message.split(": ", 1)[1]


def test_without_these_settings_nothing_is_set_up(tmp_path):
    config = load(tmp_path, 'kiosk = true\n')
    assert (config.print_command, config.smtp, config.digest_to) == ((), None, ())
    assert config.print_timeout_seconds == PRINT_TIMEOUT_S


def test_the_print_command_the_mail_server_and_the_staff_addresses_are_read(tmp_path):
    config = load(tmp_path, (
        'print_command = ["lp", "-d", "frontdesk"]\nprint_timeout_seconds = 20\n'
        'digest_to = ["office@example.org", "jo.park@example.org"]\n'
        '[smtp]\nhost = "mail.example.org"\nport = 2525\nsecurity = "tls"\nuser = "amtrax"\n'
        'password_file = "~/smtp-password"\nfrom = "ce@example.org"\n'))
    assert config.print_command == ("lp", "-d", "frontdesk")
    assert config.print_timeout_seconds == 20
    assert config.digest_to == ("office@example.org", "jo.park@example.org")
    assert config.smtp == Smtp(host="mail.example.org", port=2525, security="tls", sender="ce@example.org",
                               user="amtrax", password_file=Path("~/smtp-password").expanduser())


@pytest.mark.parametrize("security, port", [("starttls", 587), ("tls", 465), ("none", 25)])
def test_the_port_defaults_to_the_one_of_the_security(tmp_path, security, port):
    config = load(tmp_path, SMTP + f'security = "{security}"\n')
    assert (config.smtp.security, config.smtp.port) == (security, port)


def test_starttls_is_the_default_security_and_a_password_may_come_from_a_variable(tmp_path):
    smtp = load(tmp_path, SMTP + 'user = "amtrax"\npassword_env = "AMTRAX_SMTP_PASSWORD"\n').smtp
    assert (smtp.security, smtp.password_env, smtp.password_file) == ("starttls", "AMTRAX_SMTP_PASSWORD", None)


@pytest.mark.parametrize("text, key", [
    ('print_command = "lp -d frontdesk"\n', "print_command: has the wrong type"),
    ('print_command = []\n', "print_command: must be a non-empty list of strings"),
    ('print_command = ["lp", 3]\n', "print_command: must be a non-empty list of strings"),
    ('print_command = ["lp", ""]\n', "print_command: must be a non-empty list of strings"),
    ('print_command = ["lp", "-d\\u001b[2J"]\n', "print_command: must be a non-empty list of strings"),
    ('print_timeout_seconds = 0\n', "print_timeout_seconds: has the wrong type or value"),
    ('print_timeout_seconds = "60"\n', "print_timeout_seconds: has the wrong type or value"),
    ('digest_to = "office@example.org"\n', "digest_to: has the wrong type"),
    ('digest_to = []\n', "digest_to: must be a non-empty list of e-mail addresses"),
    ('digest_to = [7]\n', "digest_to: must be a non-empty list of e-mail addresses"),
    ('digest_to = ["office"]\n', "digest_to: must be an e-mail address"),
    ('digest_to = ["a@b.org\\r\\nBcc: x@y.org"]\n', "digest_to: must be a single line of printable text"),
    ('smtp = "mail.example.org"\n', "smtp: has the wrong type"),
    ('[smtp]\nfrom = "ce@example.org"\n', "smtp.host: is required"),
    ('[smtp]\nhost = "mail.example.org"\n', "smtp.from: is required"),
    (SMTP + 'from_address = "x@y.org"\n', "smtp.from_address: unknown setting"),
    (SMTP + 'port = "587"\n', "smtp.port: must be a whole number"),
    (SMTP + 'port = true\n', "smtp.port: must be a whole number"),
    (SMTP + 'port = 70000\n', "smtp.port: must be from 1 to 65535"),
    (SMTP + 'security = "ssl"\n', "smtp.security: 'ssl': use one of starttls, tls, none"),
    ('[smtp]\nhost = ""\nfrom = "ce@example.org"\n', "smtp.host: must be a line of printable text"),
    (SMTP + 'user = "amtrax\\u202e"\npassword_env = "P"\n', "smtp.user: must be a line of printable text"),
    ('[smtp]\nhost = "mail.example.org"\nfrom = "ce"\n', "smtp.from: must be an e-mail address"),
    (SMTP + 'user = "amtrax"\npassword = "hunter2"\n', "smtp.password: the password is never kept in the config"),
    (SMTP + 'user = "amtrax"\n', "smtp.user: a login needs password_file or password_env"),
    (SMTP + 'password_env = "P"\n', "smtp.password_env: a password needs a user"),
    (SMTP + 'password_file = "/etc/pw"\n', "smtp.password_file: a password needs a user"),
    (SMTP + 'user = "a"\npassword_file = "/etc/pw"\npassword_env = "P"\n',
     "smtp.password_env: give password_file or password_env, not both"),
    (SMTP + 'user = "a"\npassword_env = "SMTP PASSWORD"\n', "smtp.password_env: 'SMTP PASSWORD' is not an environment"),
], ids=lambda value: value.split(":")[0] if ":" in value else None)
def test_a_malformed_setting_is_refused_naming_its_key(tmp_path, text, key):
    assert refusal(tmp_path, text).startswith(key)


def test_the_refusal_of_a_password_in_the_file_does_not_repeat_it(tmp_path):
    assert "hunter2" not in refusal(tmp_path, SMTP + 'user = "amtrax"\npassword = "hunter2"\n')


def test_the_site_styles_are_the_folders_tcss_files_in_name_order(tmp_path):
    site = tmp_path / "styles"
    site.mkdir()
    for name in ("b.tcss", "a.tcss", "README.md"):
        (site / name).write_text("")
    assert load(tmp_path, f'styles = "{site}"\n').styles == (site / "a.tcss", site / "b.tcss")
    assert load(tmp_path, "kiosk = true\n").styles == ()


@pytest.mark.parametrize("make, value, key", [
    (None, "{tmp}/nowhere", "styles: '{tmp}/nowhere' is not a folder"),
    ("file", "{tmp}/styles", "styles: '{tmp}/styles' is not a folder"),
    (None, "", "styles: '' is not a folder"),
    ("tcss-folder", "{tmp}/styles", "styles: '{tmp}/styles': cannot be read"),
    ("latin-1", "{tmp}/styles", "styles: '{tmp}/styles': cannot be read"),
], ids=["missing", "a file", "empty", "a folder named .tcss", "not UTF-8"])
def test_a_bad_styles_folder_is_refused_naming_the_key(tmp_path, make, value, key):
    folder = tmp_path / "styles"
    if make == "file":
        folder.write_text("")
    elif make:
        folder.mkdir()
        if make == "tcss-folder":
            (folder / "site.tcss").mkdir()
        else:
            (folder / "site.tcss").write_bytes("#member-line { color: red; } /* caf\u00e9 */".encode("latin-1"))
    assert refusal(tmp_path, f'styles = "{value.format(tmp=tmp_path)}"\n').startswith(key.format(tmp=tmp_path))


def test_a_styles_setting_that_is_not_a_path_is_refused_naming_the_key(tmp_path):
    assert refusal(tmp_path, "styles = 3\n").startswith("styles: has the wrong type")


def test_ascii_is_read_and_must_be_true_or_false(tmp_path):
    assert load(tmp_path, "ascii = true\n").ascii
    assert not load(tmp_path, "kiosk = true\n").ascii
    assert refusal(tmp_path, 'ascii = "yes"\n') == "ascii: has the wrong type or value"


def test_bodies_name_shipped_codes_in_any_case_and_rules_files_by_path(tmp_path):
    config = load(tmp_path, 'bodies = ["AAMA", "nha", " ASCP ", "/srv/x.toml", "~/own.toml"]\n')
    assert config.bodies == ("AAMA", "NHA", "ASCP", "/srv/x.toml", str(Path("~/own.toml").expanduser()))
    assert load(tmp_path, "kiosk = true\n").bodies == ()


@pytest.mark.parametrize("text, message", [
    ('bodies = ["CMA"]\n', "bodies: 'CMA' is not a shipped body; use one of AAMA, NHA, ASCP or the path of a rules file"),
    ('bodies = "AAMA"\n', "bodies: has the wrong type or value"),
    ('bodies = [1]\n', 'bodies: must be a list of body codes or rules files, e.g. ["AAMA", "/srv/x.toml"]'),
    ('bodies = [""]\n', 'bodies: must be a list of body codes or rules files, e.g. ["AAMA", "/srv/x.toml"]'),
    ('bodies = ["AAMA\\u202e"]\n', 'bodies: must be a list of body codes or rules files, e.g. ["AAMA", "/srv/x.toml"]'),
])
def test_a_wrong_body_is_refused_naming_bodies_and_the_rule(tmp_path, text, message):
    assert refusal(tmp_path, text) == message
