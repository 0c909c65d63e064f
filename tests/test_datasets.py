"""The dataset registry and cache, tested against a local HTTP server (127.0.0.1 only)."""

import dataclasses
import gzip
import hashlib
import http.server
import importlib
import io
import json
import os
import re
import shutil
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
    for ds in datasets.REGISTRY.values():
        assert ds.license and ds.homepage.startswith("http"), ds.name
        for f in ds.files:
            assert f.checksum_from, (ds.name, f.path)
            if ds.standin_for is None:
                # public: a URL and a checksum (sha256, md5, or a size for trust on first use)
                assert f.url and f.url.startswith("http"), (ds.name, f.path)
                assert (f.sha256 and len(f.sha256) == 64) or f.md5 or f.size, (ds.name, f.path)
            else:
                # offline-only: a declared stand-in of a public dataset, with its copy's checksum
                assert f.url is None and f.offline_sha256, (ds.name, f.path)
        if ds.standin_for is not None:
            assert datasets.REGISTRY[ds.standin_for].public, ds.name
    assert {d.name: d.standin_for for d in datasets.REGISTRY.values() if d.standin_for} == {
        "en8": "text8",
        "nsmc_unlabeled": "nsmc",
        "movie_reviews": "imdb",
    }
    assert datasets.REGISTRY["nsmc"].files[0].url.endswith("e9t/nsmc/master/ratings_train.txt")
    with pytest.raises(KeyError, match="nsmc"):
        datasets.load("nope")


def test_a_standin_is_not_loaded_by_name():
    with pytest.raises(datasets.DatasetError, match="load_english_corpus"):
        datasets.load("en8")


OFFLINE_ONLY_NAMES = re.compile(
    r"load_en8|load_nsmc_unlabeled|load_movie_reviews|[\"'](en8|nsmc_unlabeled|movie_reviews)[\"']|shared/data"
)


def test_no_notebook_names_offline_only_data():
    import nbformat

    root = Path(__file__).resolve().parent.parent
    found = []
    for folder in ("lectures", "solutions", "exercises"):
        for path in sorted((root / folder).glob("*.ipynb")):
            for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
                if cell.cell_type == "code" and (m := OFFLINE_ONLY_NAMES.search(cell.source)):
                    found.append(f"{folder}/{path.name} cell {i}: {m.group(0)}")
    assert found == []


def test_mirror_replaces_public_urls_only(server, cache, monkeypatch):
    monkeypatch.setenv(datasets.MIRROR_ENV, server + "/")
    remote = RemoteFile("data.txt", "http://example.invalid/data.txt", sha(PAYLOAD))
    assert datasets.download_url(remote) == f"{server}/data.txt"
    assert datasets.ensure(remote).read_bytes() == PAYLOAD
    offline = RemoteFile("en/en8", None, None, offline_sha256=("0" * 64,))
    assert datasets.download_url(offline) is None
    with pytest.raises(DatasetMissingError, match="오프라인"):
        datasets.ensure(offline)


def test_md5_and_size_are_checked(server, cache):
    md5 = hashlib.md5(PAYLOAD).hexdigest()
    assert datasets.ensure(RemoteFile("a.txt", f"{server}/data.txt", None, md5=md5)).exists()
    with pytest.raises(ChecksumError, match="저장하지 않았습니다"):
        datasets.ensure(RemoteFile("b.txt", f"{server}/data.txt", None, md5="0" * 32))
    with pytest.raises(ChecksumError, match="저장하지 않았습니다"):
        datasets.ensure(RemoteFile("c.txt", f"{server}/data.txt", None, size=len(PAYLOAD) + 1))
    assert datasets.ensure(RemoteFile("d.txt", f"{server}/data.txt", None, size=len(PAYLOAD))).exists()
    (cache / "a.txt").write_bytes(b"changed")
    with pytest.raises(ChecksumError, match="손상"):
        datasets.ensure(RemoteFile("a.txt", f"{server}/data.txt", None, md5=md5))
    assert leftovers(cache) == []


@pytest.fixture
def fresh(monkeypatch):
    """Forget which public datasets were unreachable earlier in this process."""
    monkeypatch.setattr(datasets, "_unreachable", {})
    monkeypatch.setattr(datasets, "_noted_offline", set())


def fake_registry(monkeypatch, name: str, **files: bytes):
    """Point a registered dataset's files at fake contents (checked like the real ones)."""
    ds = datasets.REGISTRY[name]
    new_files = tuple(
        dataclasses.replace(f, sha256=sha(files[f.path]) if f.url else None, md5=None, size=None,
                            offline_sha256=() if f.url else (sha(files[f.path]),), extract=None)
        for f in ds.files
    )
    monkeypatch.setitem(datasets.REGISTRY, name, dataclasses.replace(ds, files=new_files))


def test_english_corpus_prefers_text8_and_says_so(server, cache, fresh, monkeypatch, capsys):
    text8 = b" anarchism originated as a term of abuse" * 10
    Handler.files = {"/en/text8": text8}
    monkeypatch.setenv(datasets.MIRROR_ENV, server)
    fake_registry(monkeypatch, "text8", **{"en/text8": text8})
    corpus = datasets.load_english_corpus(max_words=12, chunk=5)
    assert corpus.name == "text8" and not corpus.standin
    assert [len(s) for s in corpus] == [5, 5, 2] and corpus[0][0] == "anarchism"
    assert "영어 말뭉치: text8" in capsys.readouterr().out


def test_english_corpus_falls_back_to_en8_and_says_so(server, cache, fresh, monkeypatch, capsys):
    en8 = b" the fat cat sat on the mat" * 10
    Handler.files = {}
    monkeypatch.setenv(datasets.MIRROR_ENV, server)
    fake_registry(monkeypatch, "en8", **{"en/en8": en8})
    (cache / "en").mkdir()
    (cache / "en" / "en8").write_bytes(en8)
    corpus = datasets.load_english_corpus(max_words=7)
    assert corpus.name == "en8" and corpus.standin and corpus == [["the", "fat", "cat", "sat", "on", "the", "mat"]]
    out = capsys.readouterr().out
    assert "en8" in out and "text8을(를) 내려받지 못해" in out
    (cache / "en" / "en8").unlink()
    with pytest.raises(DatasetMissingError, match="text8.*en8"):
        datasets.load_english_corpus()


def write_fake_imdb(folder: Path) -> tuple[bytes, bytes]:
    import numpy as np

    rng = np.random.default_rng(0)
    xs = [[int(v) for v in rng.integers(1, 30, size=rng.integers(3, 12))] for _ in range(40)]
    buf = io.BytesIO()
    ragged = np.empty(20, dtype=object)
    ragged[:] = xs[:20]
    ragged_test = np.empty(20, dtype=object)
    ragged_test[:] = xs[20:]
    np.savez(buf, x_train=ragged, y_train=np.arange(20) % 2, x_test=ragged_test, y_test=np.arange(20) % 2)
    index = json.dumps({f"w{i}": i for i in range(1, 30)}).encode()
    return buf.getvalue(), index


def test_imdb_matches_keras_load_data(server, cache, fresh, monkeypatch, tmp_path):
    import keras

    npz, index = write_fake_imdb(tmp_path)
    Handler.files = {"/imdb/imdb.npz": npz, "/imdb/imdb_word_index.json": index}
    monkeypatch.setenv(datasets.MIRROR_ENV, server)
    fake_registry(monkeypatch, "imdb", **{"imdb/imdb.npz": npz, "imdb/imdb_word_index.json": index})
    keras_file = tmp_path / "keras_imdb.npz"
    keras_file.write_bytes(npz)
    imdb_module = importlib.import_module("keras.src.datasets.imdb")
    monkeypatch.setattr(imdb_module, "get_file", lambda *a, **k: str(keras_file))
    for kwargs in ({}, {"num_words": 10}, {"maxlen": 8, "num_words": 15}):
        ours = datasets.load_imdb(**kwargs)
        (kx, ky), (kxt, kyt) = keras.datasets.imdb.load_data(**kwargs)
        (x, y), (xt, yt) = ours
        assert [list(a) for a in x] == [list(a) for a in kx] and list(y) == list(ky)
        assert [list(a) for a in xt] == [list(a) for a in kxt] and list(yt) == list(kyt)
        assert ours.name == "imdb" and not ours.standin and x.dtype == object
    assert ours.decode([1, 4, 2, 0]) == ["[START]", "w1", "[OOV]"]


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


SHARED = Path(os.environ.get("COURSEKIT_DATA", "/nonexistent"))
shared = pytest.mark.skipif(
    not (SHARED / "nsmc").is_dir(),
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
    assert all(row.state == "ok" for row in datasets.status()
               if row.name not in ("text8", "imdb", "glove_6b_100d"))  # public files with no offline copy


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


@shared
def test_imdb_standin_has_the_same_interface(cache, fresh, monkeypatch, capsys):
    monkeypatch.setenv(datasets.MIRROR_ENV, "http://127.0.0.1:9")  # nothing listens: no download
    (cache / "en").mkdir()
    shutil.copy(SHARED / "en" / "movie_reviews.tsv", cache / "en")
    imdb = datasets.load_imdb(num_words=5_000)
    assert imdb.name == "movie_reviews" and imdb.standin
    assert "movie_reviews" in capsys.readouterr().out
    (x, y), (xt, yt) = imdb
    assert (len(x), len(xt)) == (1_500, 500) and (sum(y), sum(yt)) == (750, 250)
    assert all(s[0] == 1 and max(s) < 5_000 for s in x)
    assert min(imdb.word_index.values()) == 1 and imdb.word_index["the"] == 1
    words = imdb.decode(x[0])
    assert words[0] == "[START]" and all(w.isascii() for w in words)


@shared
def test_korean_reviews_come_from_nsmc_train(fresh, capsys):
    reviews = datasets.load_korean_reviews(limit=1_000)
    assert reviews.name == "nsmc" and len(reviews) == 1_000
    assert reviews == datasets.load_nsmc("train")[0][:1_000]
    out = capsys.readouterr().out
    assert "한국어 리뷰: nsmc" in out and ("다른 표본" in out) == datasets.uses_offline_copy("nsmc")


@shared
def test_nsmc_says_once_when_it_is_the_offline_copy(fresh, capsys):
    datasets.load_nsmc("train")
    datasets.load_nsmc("test")
    out = capsys.readouterr().out
    assert out.count("오프라인 재구성본") == (1 if datasets.uses_offline_copy("nsmc") else 0)


def test_korean_reviews_fall_back_to_the_offline_reviews(cache, fresh, monkeypatch, capsys):
    monkeypatch.setenv(datasets.MIRROR_ENV, "http://127.0.0.1:9")
    body = "재미있어요\n\n지루했다\n".encode()
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as fh:
        fh.write(body)
    fake_registry(monkeypatch, "nsmc_unlabeled", **{"nsmc/reviews_unlabeled.txt.gz": gz.getvalue()})
    (cache / "nsmc").mkdir()
    (cache / "nsmc" / "reviews_unlabeled.txt.gz").write_bytes(gz.getvalue())
    reviews = datasets.load_korean_reviews()
    assert reviews == ["재미있어요", "지루했다"] and reviews.name == "nsmc_unlabeled"
    assert "nsmc을(를) 내려받지 못해" in capsys.readouterr().out


# --- issue 15: following the messages works, and failures say what to do -------------------------


def test_the_downloaded_zip_put_where_the_message_says_is_unpacked(cache, fresh, monkeypatch):
    """The missing-text8 message names text8.zip's URL and the place en/text8: a student who saves
    the zip there gets its member unpacked (atomically), not a UnicodeDecodeError."""
    text8 = b" anarchism originated as a term of abuse" * 10
    remote = RemoteFile("en/text8", "http://127.0.0.1:9/text8.zip", None, len(text8), extract="text8")
    assert "압축 파일" in datasets._missing_message(remote, cache / "en" / "text8", "offline")
    monkeypatch.setitem(datasets.REGISTRY, "text8", dataclasses.replace(datasets.REGISTRY["text8"], files=(remote,)))
    (cache / "en").mkdir()
    with zipfile.ZipFile(cache / "en" / "text8", "w") as zf:
        zf.writestr("text8", text8)
    assert datasets.load_text8(max_words=3) == [["anarchism", "originated", "as"]]
    assert (cache / "en" / "text8").read_bytes() == text8 and leftovers(cache) == []
    assert (cache / "en" / "text8.sha256").read_text().strip() == sha(text8)  # trusted from now on


def test_a_text8_file_that_is_not_text_is_explained(cache, monkeypatch):
    bad = "안녕".encode() * 10
    remote = RemoteFile("en/text8", "http://127.0.0.1:9/text8.zip", None, len(bad), extract="text8")
    monkeypatch.setitem(datasets.REGISTRY, "text8", dataclasses.replace(datasets.REGISTRY["text8"], files=(remote,)))
    (cache / "en").mkdir()
    (cache / "en" / "text8").write_bytes(bad)
    with pytest.raises(datasets.DatasetError, match="text8 형식"):
        datasets.load_text8()


def test_a_corrupt_offline_only_file_is_not_promised_a_download(cache):
    remote = RemoteFile("en/en8", None, None, offline_sha256=("0" * 64,))
    (cache / "en").mkdir()
    (cache / "en" / "en8").write_bytes(b"corrupt")
    with pytest.raises(ChecksumError, match="다시 내려받을 수 없습니다") as err:
        datasets.ensure(remote)
    assert "shared/data/en/en8" in str(err.value) and "원본에서 다시 내려받습니다" not in str(err.value)


def test_a_file_valued_coursekit_data_is_explained(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("x")
    monkeypatch.setenv("COURSEKIT_DATA", str(not_a_folder))
    with pytest.raises(datasets.DatasetError, match="폴더가 아니라 파일"):
        datasets.ensure(RemoteFile("en/en8", None, None, offline_sha256=("0" * 64,)))


def test_an_unreadable_coursekit_data_is_explained(cache, monkeypatch):
    """A folder without read permission makes Path.exists raise PermissionError (simulated here:
    the tests may run as root, who reads everything)."""
    real_exists = Path.exists

    def exists(self, *args, **kwargs):
        if str(self).startswith(str(cache)):
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    with pytest.raises(datasets.DatasetError, match="읽을 수 없습니다"):
        datasets.ensure(RemoteFile("en/en8", None, None, offline_sha256=("0" * 64,)))


def test_published_glove_is_registered_downloaded_verified_and_loaded(server, cache, monkeypatch):
    import numpy as np

    entry = datasets.REGISTRY["glove_6b_100d"]
    remote = entry.files[0]
    assert remote.url.startswith("https://github.com/RaRe-Technologies/gensim-data/releases/download/")
    assert len(remote.md5) == 32 and remote.size == 134_300_434 and entry.standin_for is None
    # a small file in the published format: word2vec text with a header, gzipped
    words = ["the", ",", "movie", "great", "bad"]
    vectors = np.random.default_rng(0).normal(size=(5, 100)).round(5)
    text = "5 100\n" + "".join(w + " " + " ".join(f"{v:.5f}" for v in row) + "\n"
                               for w, row in zip(words, vectors, strict=True))
    body = gzip.compress(text.encode())
    Handler.files = {"/" + remote.path: body}
    monkeypatch.setenv(datasets.MIRROR_ENV, server)
    wrong = dataclasses.replace(entry, files=(dataclasses.replace(remote, md5="0" * 32),))
    monkeypatch.setitem(datasets.REGISTRY, "glove_6b_100d", wrong)
    with pytest.raises(ChecksumError):
        datasets.load_glove_6b()
    assert not any(cache.rglob("*.gz")) and leftovers(cache) == []  # nothing half-kept
    right = dataclasses.replace(entry, files=(dataclasses.replace(remote, md5=hashlib.md5(body).hexdigest()),))
    monkeypatch.setitem(datasets.REGISTRY, "glove_6b_100d", right)
    kv = datasets.load_glove_6b(limit=4)
    assert kv.index_to_key == words[:4] and kv.vector_size == 100
    np.testing.assert_allclose(kv["movie"], vectors[2], atol=1e-5)
    assert len(datasets.load("glove_6b_100d")) == 5  # cached now; loaded through the registry


def test_chunk_words_cuts_sentences_of_chunk_words_and_refuses_a_bad_chunk():
    words = [f"w{i}" for i in range(10)]
    assert datasets.chunk_words(words, None, 4) == [words[0:4], words[4:8], words[8:10]]
    assert datasets.chunk_words(tuple(words), 6, 3) == [words[0:3], words[3:6]]
    with pytest.raises(ValueError, match="chunk"):
        datasets.chunk_words(words, None, 0)
