"""The hook's fast path: hand the push to the warm daemon over a unix socket.

Run as ``python -S -E client.py SOCKET FALLBACK_COMMAND...``. This file is executed on every
push, so it imports nothing but the built-in ``os``/``sys``/``_socket`` (``site``, ``re`` or
``subprocess`` alone would cost tens of milliseconds) and uses no ``__future__`` import.
It is a plain script: it must not import the ``hooks`` package.

Wire format (request; the daemon reads it in ``pushguard.hooks.daemon``)::

    b"PUSHGUARD/1\\n" cwd b"\\0" (KEY=VALUE b"\\0")* b"\\0" stdin-bytes... <EOF (SHUT_WR)>

Response::

    exit-code-in-decimal b"\\n" output-bytes... <EOF>

If the daemon cannot be reached or does not answer properly, the fallback command (the
in-process ``pushguard pre-receive``) runs instead with the same stdin: stdin is never lost.
"""

import _socket
import os
import sys

MAGIC = b"PUSHGUARD/1\n"
ENV_PREFIXES = (b"GIT_", b"GL_", b"GITEA_", b"GITHUB_", b"PUSHGUARD_")
TIMEOUT = 120.0  # the daemon enforces the real budget; this only catches a wedged daemon


def read_stdin() -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def request(cwd: bytes, env: dict[bytes, bytes], stdin: bytes) -> bytes:
    parts = [MAGIC, cwd, b"\0"]
    for key, value in env.items():
        if key.startswith(ENV_PREFIXES):
            parts += [key, b"=", value, b"\0"]
    parts += [b"\0", stdin]
    return b"".join(parts)


def ask_daemon(path: str, payload: bytes) -> tuple[int, bytes] | None:
    """(exit code, output) from the daemon, or None if it did not answer properly."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(TIMEOUT)
        sock.connect(path)
        sock.sendall(payload)
        sock.shutdown(_socket.SHUT_WR)
        chunks: list[bytes] = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:  # stale socket, refused, reset, timed out: the fallback decides
        return None
    finally:
        sock.close()
    head, sep, output = b"".join(chunks).partition(b"\n")
    if not sep or not head.isdigit():
        return None
    return int(head), output


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fallback(command: list[str], stdin: bytes) -> int:
    """exec ``command`` with ``stdin`` replayed through a pipe; returns only if exec fails."""
    try:
        read_end, write_end = os.pipe()
        if os.fork() == 0:  # the writer is a child: a large stdin cannot fill the pipe on us
            try:
                os.close(read_end)
                write_all(write_end, stdin)
            finally:
                os._exit(0)
        os.close(write_end)
        os.dup2(read_end, 0)
        os.close(read_end)
        os.execvp(command[0], command)  # noqa: S606 - a path baked by install-hook
    except OSError as exc:
        write_all(
            2,
            b"pushguard: push rejected: cannot run %s: %s\n"
            % (command[0].encode(), (exc.strerror or "error").encode()),
        )
    return 1


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        os.write(2, b"pushguard: hook misconfigured: usage: client.py SOCKET COMMAND...\n")
        return 1
    socket_path, command = argv[1], argv[2:]
    stdin = read_stdin()
    answer = ask_daemon(socket_path, request(os.getcwdb(), dict(os.environb), stdin))
    if answer is None:
        return fallback(command, stdin)
    code, output = answer
    write_all(2, output)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
