"""The hook's fast path: hand the push to the warm daemon over a unix socket.

Run as ``python -S -E client.py [--autostart=IDLE_SECONDS] SOCKET FALLBACK_COMMAND...``, or
imported by that name from its directory and given the same arguments (``main``), as the
installed hook does: an imported module's bytecode is cached, a script is compiled on every
run (6 ms of a push's 30 here).
This file is executed on every push, so it imports nothing but the built-in ``os``/``sys``/
``_socket`` (``site``, ``re`` or ``subprocess`` alone would cost tens of milliseconds) and
uses no ``__future__`` import.
It is a plain script: it must not import the ``hooks`` package.

Wire format (request; the daemon reads it in ``pushguard.hooks.daemon``)::

    b"PUSHGUARD/1\\n" cwd b"\\0" (KEY=VALUE b"\\0")* b"\\0" stdin-bytes... <EOF (SHUT_WR)>

Response::

    exit-code-in-decimal b"\\n" output-bytes... <EOF>

If the daemon cannot be reached or does not answer properly, the fallback command (the
in-process ``pushguard pre-receive``) runs instead with the same stdin: stdin is never lost.

With ``--autostart``, a missing daemon is started first (:func:`start_daemon`): under a lock
(``SOCKET.lock``) so that concurrent pushes start one, detached (own session, cwd ``/``,
output to ``SOCKET.log``), with none of the push's variables (``GIT_*`` quarantine paths,
platform identities), and told to exit after IDLE_SECONDS without a push. The hook waits for
it to be warm, then asks it; if it does not come up, the push is decided in-process and no
start is tried again for ``RETRY_AFTER`` seconds (``SOCKET.failed``).
"""

import _socket
import os
import sys

MAGIC = b"PUSHGUARD/1\n"
ENV_PREFIXES = (b"GIT_", b"GL_", b"GITEA_", b"GITHUB_", b"PUSHGUARD_")
TIMEOUT = 120.0  # the daemon enforces the real budget; this only catches a wedged daemon
START_TIMEOUT = 30.0  # a cold daemon imports the engine and loads every detector once
RETRY_AFTER = 60.0  # after a failed start, pushes run in-process this long before a new try
# what a started daemon must not inherit: the push's quarantine, identities and connection
PUSH_ONLY_PREFIXES = (b"GIT_", b"GL_", b"GITEA_", b"GITHUB_", b"SSH_")


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


def _connectable(path: str) -> bool:
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        return False
    finally:
        sock.close()
    return True


def start_daemon(path: str, exe: str, idle: str) -> bool:
    """Start ``exe hook-daemon`` for ``path`` unless one runs; True once one is serving."""
    import fcntl  # only on a cold start: a warm push imports nothing
    import time

    failed = path + ".failed"
    try:
        if time.time() - os.stat(failed).st_mtime < RETRY_AFTER:
            return False
    except OSError:
        pass
    try:
        os.makedirs(os.path.dirname(path) or ".", 0o700, exist_ok=True)
        lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:  # another push is starting it: wait for that one
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.02)
        if _connectable(path):
            return True  # started by the push that held the lock
        ready = _spawn(path, exe, idle, deadline) or _connectable(path)
        if not ready:
            try:
                os.close(os.open(failed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
                os.utime(failed)
            except OSError:
                pass
        return ready
    finally:
        os.close(lock)  # releases the flock


def _spawn(path: str, exe: str, idle: str, deadline: float) -> bool:
    import select
    import time

    read_end, write_end = os.pipe()
    env = {k: v for k, v in os.environb.items() if not k.startswith(PUSH_ONLY_PREFIXES)}
    argv = [exe, "hook-daemon", "--socket", path, "--idle-timeout", idle]
    argv += ["--ready-fd", str(write_end)]
    pid = os.fork()
    if pid == 0:  # the daemon-to-be: detach from the push entirely, then exec
        try:
            os.setsid()  # no SIGHUP when the SSH session of the push ends
            os.chdir("/")
            null = os.open(os.devnull, os.O_RDONLY)
            log = os.open(path + ".log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            os.dup2(null, 0)
            os.dup2(log, 1)
            os.dup2(log, 2)  # git waits for the hook's stderr to close: never keep it
            os.closerange(3, write_end)
            os.closerange(write_end + 1, 1 << 16)
            os.set_inheritable(write_end, True)
            os.execve(exe, argv, env)  # noqa: S606 - a path baked by install-hook
        finally:
            os._exit(127)
    os.close(write_end)
    said = b""
    try:
        while b"\n" not in said:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                return False
            chunk = os.read(read_end, 64)
            if not chunk:
                break  # the daemon exited (its reason is in SOCKET.log)
            said += chunk
    finally:
        os.close(read_end)
    return said.startswith(b"ready")


def main(argv: list[str]) -> int:
    args = argv[1:]
    idle = ""
    if args and args[0].startswith("--autostart="):
        idle = args.pop(0).partition("=")[2]
    if len(args) < 2:
        os.write(2, b"pushguard: hook misconfigured: usage: client.py SOCKET COMMAND...\n")
        return 1
    socket_path, command = args[0], args[1:]
    stdin = read_stdin()
    payload = request(os.getcwdb(), dict(os.environb), stdin)
    answer = ask_daemon(socket_path, payload)
    if answer is None and idle and start_daemon(socket_path, command[0], idle):
        answer = ask_daemon(socket_path, payload)
    if answer is None:
        return fallback(command, stdin)
    code, output = answer
    write_all(2, output)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
