"""An S3 endpoint for tests: moto's server on 127.0.0.1 at a free port, in its own process, so
the minio client talks real HTTP to it. Import the fixtures into a test module:
`from s3_server import bucket, s3_endpoint, s3_env`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from docscreen.flows.prefect_server import free_port
from docscreen.flows.storage import s3_client


def _moto_server() -> str:
    beside = Path(sys.executable).parent / "moto_server"
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    if found is None:
        raise RuntimeError("moto_server not found: pip install 'moto[server]'")
    return found


@contextmanager
def moto_server(timeout: float = 15.0) -> Iterator[str]:
    """Yields 'host:port' once the server answers."""
    port = free_port()
    process = subprocess.Popen(
        [_moto_server(), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited with status {process.returncode}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not answer on port {port} within {timeout} s") from None
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_env(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The DOCSCREEN_S3_* settings that point open_storage at the test server."""
    monkeypatch.delenv("DOCSCREEN_CONFIG", raising=False)
    for name, value in {
        "ENDPOINT": s3_endpoint, "ACCESS_KEY": "testing", "SECRET_KEY": "testing", "SECURE": "0", "REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(f"DOCSCREEN_S3_{name}", value)
    return s3_endpoint


@pytest.fixture
def bucket(s3_env: str) -> str:
    """A new, empty bucket for one test."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    s3_client().make_bucket(bucket_name=name)
    return name
