#!/usr/bin/python3
"""A real SMTP server on loopback for certminder's tests (aiosmtpd).

    smtpsink.py --port P --dir D [--tls none|starttls|implicit --cert C --key K]
                [--auth USER:PASS] [--fail ADDR=CODE ...]

Each accepted message is saved as D/NNNN.json: envelope and raw bytes.
--fail answers RCPT TO for ADDR with CODE (451, 550, ...); ADDR "*" is
every recipient, "mail from" the MAIL FROM command.  Prints
"ready" when it listens; stops on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, fails, discard=False, delay=0.0):
        self.directory = directory
        self.discard = discard
        self.delay = delay
        self.fails = fails
        self.count = 0
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, options):
        code = self.fails.get("mail from")
        if code:
            return f"{code} 5.7.1 Must issue a STARTTLS command first"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        code = self.fails.get(address.lower()) or self.fails.get("*")
        if code:
            word = ("try again later" if code.startswith("4") else
                    "5.1.1 <%s>: Recipient address rejected: User unknown"
                    % address)
            return f"{code} {word}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.discard:
            return "250 Message accepted"
        with self.lock:
            self.count += 1
            n = self.count
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or
            server.transport.get_extra_info("ssl_object") is not None,
            "auth": session.authenticated,
            "helo": session.host_name,
            "data": envelope.original_content.decode("latin-1"),
        }
        tmp = os.path.join(self.directory, f".{n:04d}.tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.directory, f"{n:04d}.json"))
        return "250 Message accepted"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--tls", default="none")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--auth")
    ap.add_argument("--fail", action="append", default=[])
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--discard", action="store_true",
                    help="accept and forget messages (benchmarks)")
    a = ap.parse_args()
    fails = dict(f.lower().split("=", 1) for f in a.fail)
    kwargs = {}
    ctx = None
    if a.tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
    if a.tls == "starttls":
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = True
    elif a.tls == "implicit":
        kwargs["ssl_context"] = ctx
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and \
                auth_data.login.decode() == user and \
                auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = a.tls != "none"
    os.makedirs(a.dir, exist_ok=True)
    controller = Controller(Sink(a.dir, fails, a.discard, a.delay), hostname="127.0.0.1",
                            port=a.port, **kwargs)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(600)      # a forgotten sink stops by itself
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
