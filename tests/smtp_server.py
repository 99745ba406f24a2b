"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for the e-mail tests.

No TLS (security = "none" in the site config), so a login is allowed in the clear
(auth_require_tls=False): it takes the user `amtrax` with the password PASSWORD,
and refuses any recipient at refused.example.
"""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "amtrax"
PASSWORD = "s3cret-Pa55"
REFUSED_DOMAIN = "refused.example"


@dataclass
class Mailbox:
    port: int
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)  # (envelope recipients, message)
    logins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.received]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        # handled=False: the server itself answers, 235 or 535
        return AuthResult(success=(login, password) == (USER, PASSWORD), handled=False)


def free_port() -> int:
    """A port nothing listens on (for a server that is down, or to start one on)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    """The server, running for the test; its messages parsed back."""
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port, authenticator=box.authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def smtp_config(folder: Path, port: int, *, password: str = PASSWORD, extra: str = "") -> Path:
    """A site config file for the server on `port`, the password in a file beside it."""
    secret = folder / "smtp-password"
    secret.write_text(password + "\n")
    config = folder / "config.toml"
    config.write_text(
        f'{extra}\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nuser = "{USER}"\n'
        f'password_file = "{secret}"\nfrom = "ce-records@example.org"\n')
    return config


def attachments(message: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}
