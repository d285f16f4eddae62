import shutil
import time

import pytest

from tests.servers import REPO, Server, clean_env, free_port, vraagbaak, worker_pids


@pytest.fixture(scope="module")
def served(corpus_settings, tmp_path_factory):
    """`vraagbaak serve` on loopback with its own copy of the index: {"base", "port", "pid", "data_dir", "log", "server"}."""
    root = tmp_path_factory.mktemp("served")
    data_dir = root / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)
    port = free_port()
    env = clean_env(VRAAGBAAK_DATA_DIR=data_dir, VRAAGBAAK_CORPUS_DIR=REPO / "corpus", VRAAGBAAK_EMBED_TIMEOUT_S=20)
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), root / "serve.log", env)
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(base + "/api/health", 180)
        # Both workers up (the service starts them before it answers health).
        deadline = time.monotonic() + 30
        while len(worker_pids(server.proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        yield {"base": base, "port": port, "pid": server.proc.pid, "data_dir": data_dir, "log": root / "serve.log",
               "server": server}
    finally:
        server.stop()
