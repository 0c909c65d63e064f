"""The dataset registry and cache, tested against a local HTTP server (127.0.0.1 only)."""

import hashlib
import http.server
import io
import os
import threading
import zipfile
from pathlib import Path

import pytest

from coursekit import datasets
from coursekit.datasets import ChecksumError, DatasetMissingError, RemoteFile

PAYLOAD = "안녕하세요 coursekit\n".encode() * 100


class Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802
        if self.path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD[:100])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("text8", PAYLOAD)
    Handler.files = {"/data.txt": PAYLOAD, "/text8.zip": buf.getvalue()}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path))
    return tmp_path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.is_file() and (".part" in p.name or p.name.startswith("."))]


def test_download_verifies_and_renames(server, cache):
    remote = RemoteFile("x/data.txt", f"{server}/data.txt", sha(PAYLOAD))
    path = datasets.ensure(remote)
    assert path == cache / "x" / "data.txt"
    assert path.read_bytes() == PAYLOAD
    assert leftovers(cache) == []
    assert datasets.ensure(remote) == path  # second call uses the cache


def test_wrong_checksum_leaves_nothing(server, cache):
    remote = RemoteFile("x/data.txt", f"{server}/data.txt", "0" * 64)
    with pytest.raises(ChecksumError, match="저장하지 않았습니다"):
        datasets.ensure(remote)
    assert not (cache / "x" / "data.txt").exists()
    assert leftovers(cache) == []


def test_interrupted_download_leaves_nothing(server, cache):
    remote = RemoteFile("x/data.txt", f"{server}/truncated", sha(PAYLOAD))
    with pytest.raises((DatasetMissingError, ChecksumError)):
        datasets.ensure(remote)
    assert not (cache / "x" / "data.txt").exists()
    assert leftovers(cache) == []


def test_missing_file_names_file_url_and_place(server, cache):
    remote = RemoteFile("x/gone.txt", f"{server}/gone.txt", sha(PAYLOAD))
    with pytest.raises(DatasetMissingError) as err:
        datasets.ensure(remote)
    msg = str(err.value)
    assert "x/gone.txt" in msg and f"{server}/gone.txt" in msg and str(cache / "x" / "gone.txt") in msg
    assert "COURSEKIT_DATA" in msg
    assert leftovers(cache) == []


def test_offline_only_file_says_so(cache):
    remote = RemoteFile("en/en8", None, None, offline_sha256=("0" * 64,))
    with pytest.raises(DatasetMissingError, match="오프라인 사본") as err:
        datasets.ensure(remote)
    assert str(cache / "en" / "en8") in str(err.value) and "COURSEKIT_DATA" in str(err.value)


def test_corrupt_cached_file_is_never_used(server, cache):
    remote = RemoteFile("x/data.txt", f"{server}/data.txt", sha(PAYLOAD))
    target = cache / "x" / "data.txt"
    target.parent.mkdir(parents=True)
    target.write_bytes(PAYLOAD[:-1] + b"!")
    with pytest.raises(ChecksumError, match="손상"):
        datasets.ensure(remote)
    target.unlink()
    assert datasets.ensure(remote).read_bytes() == PAYLOAD


def test_offline_copy_checksum_is_accepted(cache):
    other = b"the course's offline copy\n"
    remote = RemoteFile("x/data.txt", "http://127.0.0.1:9/never", sha(PAYLOAD), offline_sha256=(sha(other),))
    (cache / "x").mkdir()
    (cache / "x" / "data.txt").write_bytes(other)
    assert datasets.ensure(remote).read_bytes() == other


def test_zip_member_and_trust_on_first_use(server, cache):
    remote = RemoteFile("en/text8", f"{server}/text8.zip", None, extract="text8")
    path = datasets.ensure(remote)
    assert path.read_bytes() == PAYLOAD
    assert (cache / "en" / "text8.sha256").read_text().strip() == sha(PAYLOAD)
    os.utime(path, ns=(1, 1))
    path.write_bytes(PAYLOAD + b"tampered")
    with pytest.raises(ChecksumError):
        datasets.ensure(remote)


def test_registry_is_complete():
    for name in ("nsmc", "text8", "mr", "kor_ws353", "kor_analogy"):
        ds = datasets.REGISTRY[name]
        assert ds.license and ds.homepage.startswith("http")
        for f in ds.files:
            assert f.url and f.url.startswith("http"), (name, f.path)
            if name != "text8":
                assert f.sha256 and len(f.sha256) == 64
    assert datasets.REGISTRY["nsmc"].files[0].url.endswith("e9t/nsmc/master/ratings_train.txt")
    with pytest.raises(KeyError, match="nsmc"):
        datasets.load("nope")


def test_slide_sentences():
    assert datasets.slide_sentences("sam_i_am")[0] == "I am Sam"
    with pytest.raises(KeyError, match="있는 것"):
        datasets.slide_sentences("nope")


def test_embedded_sets():
    assert datasets.wordsim353_path().exists()
    assert datasets.simlex999_path().exists()
    assert datasets.questions_words_path().exists()
    wiki = datasets.load_wiki_sample(max_sentences=50)
    assert len(wiki) == 50 and all(len(s) >= 3 and all(t.islower() for t in s) for s in wiki)
    assert "대한민국" in datasets.load_kolaw()
    assert len(datasets.load_kobill()) >= 5


shared = pytest.mark.skipif(
    not (Path(os.environ.get("COURSEKIT_DATA", "/nonexistent")) / "nsmc").is_dir(),
    reason="COURSEKIT_DATA does not hold the offline copies (../shared/data)",
)


@shared
def test_offline_copies_load():
    texts, labels = datasets.load_nsmc("test")
    assert 49_000 < len(texts) <= 50_000 and set(labels) == {0, 1}
    texts, labels = datasets.load("mr")
    assert len(texts) == 10_662 and sum(labels) == 5_331
    assert len(datasets.load_kor_ws353()) > 300
    assert len(datasets.load_en8(max_words=25_000, chunk=10_000)) == 3
    assert all(row.state == "ok" for row in datasets.status() if row.name not in ("text8", "glove_6b_100d"))


@shared
def test_korean_analogies_in_gensim_format():
    from gensim.models import KeyedVectors

    path = datasets.kor_analogy_path("all")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(": ")
    questions = [line for line in lines if not line.startswith(":")]
    assert len(questions) == 420 + 840
    words = sorted({w for q in questions for w in q.split()})
    kv = KeyedVectors(vector_size=2)
    kv.add_vectors(words, [[1.0, float(i)] for i in range(len(words))])
    score, sections = kv.evaluate_word_analogies(str(path), restrict_vocab=len(words))
    assert len(sections) > 2 and 0.0 <= score <= 1.0
