"""`docscreen serve`: screen documents as they are uploaded.

MinIO POSTs a bucket notification to /minio/events for every upload; the endpoint only writes the
object into the index's pending table and answers, so a burst of uploads is acknowledged at once
and survives a restart. A few worker threads drain that queue through the screening flow. For a
store that cannot send notifications, `--poll SECONDS` lists it instead and queues what is new.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from docscreen.flows.events import object_events
from docscreen.flows.storage import Storage, is_unit_key, open_storage, s3_client
from docscreen.flows.unit_index import REPORTS_PREFIX, UnitIndex, default_index_path

EVENTS_PATH = "/minio/events"
HEALTH_PATH = "/health"
MAX_EVENT_BYTES = 1 << 20
EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE = 0, 1, 2

ScreenFn = Callable[[str, str], object]


def log() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a flow or task run, else the `docscreen` logger. Prefect is
    looked at only if something already imported it."""
    if "prefect" in sys.modules:
        from prefect.exceptions import MissingContextError
        from prefect.logging import get_run_logger

        try:
            return get_run_logger()
        except MissingContextError:
            pass
    return logging.getLogger("docscreen")


class UploadService:
    """Worker threads that screen queued objects one at a time each. An object whose screening
    raises goes back to the end of the queue, up to `max_attempts`."""

    def __init__(
        self, screen: ScreenFn, index: UnitIndex, workers: int = 2, max_attempts: int = 3, idle_wait: float = 0.5
    ) -> None:
        if workers < 1:
            raise ValueError("an upload service needs at least one worker")
        self.screen = screen
        self.index = index
        self.workers = workers
        self.max_attempts = max_attempts
        self.idle_wait = idle_wait
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        requeued = self.index.requeue_claimed()
        if requeued:
            log().info("%d upload(s) left mid-screening by the last run are queued again", requeued)
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._work, name=f"docscreen-worker-{n}", daemon=True) for n in range(self.workers)
        ]
        for thread in self._threads:
            thread.start()
        if self.index.pending_count():
            self._ready.set()

    def stop(self, timeout: float | None = None) -> None:
        """Let each worker finish the object in hand, then return."""
        self._stop.set()
        self._ready.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def submit(self, source: str, key: str, etag: str = "", skip_screened: bool = False) -> bool:
        """Queue one object (durably); False when it is queued already or this version was screened."""
        queued = self.index.enqueue(source, key, etag, skip_screened)
        if queued:
            self._ready.set()
        return queued

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is queued or being screened."""
        deadline = time.monotonic() + timeout
        while self.index.pending_count():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def alive(self) -> int:
        return sum(t.is_alive() for t in self._threads)

    def _work(self) -> None:
        while not self._stop.is_set():
            self._ready.clear()
            try:
                claim = self.index.next_pending()
                if claim is None:
                    self._ready.wait(self.idle_wait)
                else:
                    self._screen_one(*claim)
            except Exception:  # the index itself failed (disk, lock timeout): keep the worker alive
                log().exception("upload queue unavailable")
                self._stop.wait(self.idle_wait)

    def _screen_one(self, source: str, key: str) -> None:
        started = time.monotonic()
        try:
            self.screen(source, key)
        except Exception as error:
            retry = self.index.fail_pending(source, key, f"{type(error).__name__}: {error}", self.max_attempts)
            log().exception("screening %s %s failed%s", source, key, "; queued again" if retry else "; giving up")
            return
        self.index.finish_pending(source, key)
        log().info("screened %s %s in %.1f s", source, key, time.monotonic() - started)


class WebhookServer(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 resets connections when a burst of events arrives

    def __init__(
        self, address: tuple[str, int], service: UploadService, token: str | None, ignore: tuple[str, ...]
    ) -> None:
        super().__init__(address, _Handler)
        self.service = service
        self.ignore = ignore
        # MinIO sends "Bearer <auth_token>", or the token itself when it already reads "<scheme> <token>"
        self.authorization = None if not token else token if len(token.split()) == 2 else f"Bearer {token}"


class _Handler(BaseHTTPRequestHandler):
    server: WebhookServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stops sending mid-body does not hold a thread for ever

    def _reply(self, status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _authorized(self) -> bool:
        expected = self.server.authorization
        given = self.headers.get("Authorization", "")
        return expected is None or hmac.compare_digest(given.encode(), expected.encode())

    def do_HEAD(self) -> None:  # MinIO's liveness probe before it sends events
        self._reply(200 if self.path in (EVENTS_PATH, HEALTH_PATH) else 404)

    def do_GET(self) -> None:
        if self.path != HEALTH_PATH:
            self._reply(404, {"error": "not found"})
            return
        service = self.server.service
        self._reply(200, {"status": "ok", "pending": service.index.pending_count(), "workers": service.alive()})

    def do_POST(self) -> None:
        if self.path != EVENTS_PATH:
            self._reply(404, {"error": "not found"})
            return
        if not self._authorized():
            self._reply(401, {"error": "unauthorized"}, {"WWW-Authenticate": "Bearer"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._reply(411, {"error": "Content-Length required"})
            return
        if length < 0:
            self._reply(400, {"error": "bad Content-Length"})
            self.close_connection = True
            return
        if length > MAX_EVENT_BYTES:
            self._reply(413, {"error": "event too large"})
            self.close_connection = True
            return
        try:
            refs = object_events(json.loads(self.rfile.read(length)), self.server.ignore)
        except (ValueError, UnicodeDecodeError) as error:
            self._reply(400, {"error": str(error)})
            return
        units = [r for r in refs if is_unit_key(r.key)]
        queued = [r for r in units if self.server.service.submit(f"s3://{r.bucket}", r.key, r.etag)]
        for ref in queued:
            log().info("queued s3://%s/%s", ref.bucket, ref.key)
        counts = {"queued": len(queued), "duplicates": len(units) - len(queued), "ignored": len(refs) - len(units)}
        self._reply(200, counts)

    def log_message(self, format: str, *args: Any) -> None:
        log().debug("%s %s", self.address_string(), format % args)


def make_server(
    service: UploadService, host: str, port: int, token: str | None = None, ignore: Iterable[str] = (REPORTS_PREFIX,)
) -> WebhookServer:
    """The webhook endpoint, bound but not yet serving (call serve_forever)."""
    return WebhookServer((host, port), service, token, tuple(ignore))


def poll_once(storage: Storage, service: UploadService, ignore: Iterable[str] = (REPORTS_PREFIX,)) -> int:
    """Queue every document of the storage not seen before (or changed since); the number queued."""
    skip = tuple(ignore)
    queued = 0
    for obj in storage.list():
        if not is_unit_key(obj.key) or obj.key.startswith(skip):
            continue
        if service.submit(storage.url, obj.key, obj.etag, skip_screened=True):
            log().info("queued %s %s", storage.url, obj.key)
            queued += 1
    return queued


def ignored_prefixes(reports_url: str | None) -> tuple[str, ...]:
    """Our own reports are never screened: `reports/` at the root of a storage, and under the
    prefix of an S3 reports location."""
    prefixes = [REPORTS_PREFIX]
    if reports_url and reports_url.startswith("s3://"):
        prefix = reports_url.removeprefix("s3://").partition("/")[2].strip("/")
        if prefix:
            prefixes.append(f"{prefix}/{REPORTS_PREFIX}")
    return tuple(prefixes)


def _flow_screen(reports_url: str | None, index_path: str) -> ScreenFn:
    from docscreen.flows.prefect_flows import screen_document

    return partial(screen_document, reports_url=reports_url, index_path=index_path)


def _prefect_api_ready() -> None:
    """Without PREFECT_API_URL, start Prefect's temporary server now, from this one thread: workers
    reaching for it at once would each start their own (Prefect 3.8 does not lock that) and leave
    all but one running after exit. With PREFECT_API_URL, check that the server answers."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
        url = client.api_url
    if error is not None:
        raise RuntimeError(
            f"Prefect API {url} 无法访问（{error}）：请先运行 prefect server start，或取消 PREFECT_API_URL"
        )


def _usage_error(message: str) -> int:
    print(f"docscreen: {message}", file=sys.stderr)
    return EXIT_USAGE


def _stop_on_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGINT/SIGTERM end the service cleanly; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _log_to_stderr() -> None:
    """The service's own lines on stderr; Prefect prints the flow runs' through its own handlers."""
    logger = logging.getLogger("docscreen")
    logger.setLevel(logging.INFO)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


def run_serve(args: argparse.Namespace, screen: ScreenFn | None = None, stop: threading.Event | None = None) -> int:
    """Serve until SIGINT/SIGTERM (or `stop`); 1 when the service cannot start. `screen` replaces
    the Prefect flow (tests). The endpoint listens before the workers start, so uploads that arrive
    while Prefect starts up are queued, not refused."""
    if args.source and args.poll is None:
        return _usage_error("--source 只与 --poll 一起使用")
    if args.poll is not None and args.poll <= 0:
        return _usage_error("--poll 需为正数（秒）")
    _log_to_stderr()
    stop = stop or threading.Event()
    ignore = ignored_prefixes(args.reports)
    index = UnitIndex(default_index_path())
    service = UploadService(screen or _flow_screen(args.reports, str(index.path)), index)
    restore_signals = _stop_on_signals(stop)
    server = storage = None
    try:
        if args.poll is None:
            s3_client()  # uploads name buckets of the configured S3 endpoint: fail now if there is none
            server = make_server(service, args.host, args.port, os.environ.get("DOCSCREEN_WEBHOOK_TOKEN"), ignore)
            threading.Thread(target=server.serve_forever, name="docscreen-webhook", daemon=True).start()
            host, port = server.server_address[:2]
            log().info("listening on http://%s:%d%s; index %s", host, port, EVENTS_PATH, index.path)
        else:
            storage = open_storage(args.source)
        if screen is None:
            _prefect_api_ready()
        service.start()
        if storage is None:
            stop.wait()
        else:
            log().info("polling %s every %g s; index %s", storage.url, args.poll, index.path)
            while not stop.is_set():
                try:
                    poll_once(storage, service, ignore)
                except Exception:
                    log().exception("cannot list %s; trying again in %g s", storage.url, args.poll)
                stop.wait(args.poll)
    except (OSError, RuntimeError, ValueError) as error:
        print(f"docscreen: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    finally:
        restore_signals()
        if server is not None:
            server.shutdown()
            server.server_close()
        service.stop()
        index.close()
    return EXIT_OK
