"""Sending a message through the site's mail server ([smtp] in the config file).

The password is read from its file or variable only when a message is sent,
and no message, failure or traceback of ours contains it.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage

from amtrax_tui.ccp import visible
from amtrax_tui.config import Config, Smtp
from amtrax_tui.transcript.deliver import MAX_QUOTED, DeliveryError

TIMEOUT_S = 30  # for connecting, and for each reply of the server


def mail_server(config: Config) -> Smtp:
    """The site's mail server, or DeliveryError saying there is none."""
    if config.smtp is None:
        raise DeliveryError("e-mail is not set up here: the site's config file has no [smtp] table; nothing was sent")
    return config.smtp


def send_message(smtp: Smtp, message: EmailMessage) -> None:
    """Hand `message` to the mail server, or DeliveryError saying why not."""
    password = _password(smtp)
    where = f"the mail server {smtp.host}:{smtp.port}"
    try:
        client: smtplib.SMTP
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT_S, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError:
        problem = (
            f"{where} refused the login of {smtp.user} (check user and the password in smtp.password_file "
            "or smtp.password_env)"
        )
    except smtplib.SMTPRecipientsRefused as exc:
        problem = f"{where} refused the recipient {', '.join(exc.recipients)}"
    except smtplib.SMTPSenderRefused as exc:
        problem = f"{where} refused the sender {exc.sender}: {_said(exc.smtp_error)}"
    except smtplib.SMTPResponseException as exc:
        problem = f"{where} answered {exc.smtp_code} {_said(exc.smtp_error)}"
    except smtplib.SMTPException as exc:  # no STARTTLS or AUTH offered, a dropped connection
        problem = f"{where}: {_said(str(exc))}"
    except ssl.SSLError as exc:
        problem = f"TLS with {where} failed: {exc.reason or exc}"
    except OSError as exc:  # refused, unreachable, unknown host, timed out
        problem = f"cannot reach {where}: {exc.strerror or exc}"
    else:
        return
    raise DeliveryError(f"{problem}; nothing was sent")


def _password(smtp: Smtp) -> str | None:
    if smtp.password_file is not None:
        try:
            lines = smtp.password_file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise DeliveryError(
                f"the SMTP password file {smtp.password_file} cannot be read ({reason}); nothing was sent"
            ) from None
        return lines[0] if lines else ""
    if smtp.password_env is not None:
        if smtp.password_env not in os.environ:
            raise DeliveryError(f"the SMTP password variable {smtp.password_env} is not set; nothing was sent")
        return os.environ[smtp.password_env]
    return None


def _said(reply: bytes | str) -> str:
    """What the server said, shortened and made inert."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    text = " ".join(text.split()).rstrip(".")  # our message goes on after it
    return visible(text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…")
