#!/usr/bin/python3
"""An SMTP server on loopback that misbehaves on purpose, for fault tests.

    badsmtp.py --port P --mode silent|drop-data|bad-tls [--after N]

silent     accepts connections and never says a word
drop-data  speaks SMTP, and drops the connection in the middle of the
           message data of message N (default 1) and of every one after it
bad-tls    offers STARTTLS, agrees to it, then sends garbage for a handshake
auth-refused  offers AUTH PLAIN and refuses every login with 535
Prints "ready"; stops after 120 s or on SIGTERM.
"""
import argparse
import signal
import socket
import sys
import threading


def handle(conn, mode, state):
    f = conn.makefile("rb")

    def say(line):
        conn.sendall(line.encode() + b"\r\n")

    try:
        if mode == "silent":
            threading.Event().wait(120)
            return
        say("220 badsmtp ESMTP")
        while True:
            line = f.readline()
            if not line:
                return
            cmd = line.decode("latin-1").strip().upper()
            if cmd.startswith("EHLO"):
                if mode == "bad-tls":
                    say("250-badsmtp")
                    say("250 STARTTLS")
                elif mode == "auth-refused":
                    say("250-badsmtp")
                    say("250 AUTH PLAIN")
                else:
                    say("250 badsmtp")
            elif cmd.startswith("AUTH"):
                say("535 5.7.8 Authentication credentials invalid")
            elif cmd.startswith("STARTTLS"):
                say("220 go ahead")
                conn.sendall(b"this is not a TLS handshake\r\n" * 10)
                return
            elif cmd.startswith("MAIL") or cmd.startswith("RCPT"):
                say("250 OK")
            elif cmd == "DATA":
                state["n"] += 1
                say("354 go on")
                if state["n"] >= state["after"]:
                    f.readline()            # a line of the message, then gone
                    conn.shutdown(socket.SHUT_RDWR)
                    return
                while f.readline() not in (b".\r\n", b""):
                    pass
                say("250 accepted")
            elif cmd == "QUIT":
                say("221 bye")
                return
            else:
                say("250 OK")
    except OSError:
        pass
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--after", type=int, default=1)
    a = ap.parse_args()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", a.port))
    s.listen(16)
    state = {"n": 0, "after": a.after}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.alarm(120)
    print("ready", flush=True)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handle, args=(conn, a.mode, state),
                         daemon=True).start()


if __name__ == "__main__":
    main()
