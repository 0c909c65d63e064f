"""The course's data: a registry of real datasets, a download cache and loaders.

Every dataset in :data:`REGISTRY` names its files, where they come from (URL),
their sha256, license and a loader. Files live in a cache folder:
``COURSEKIT_DATA`` if set, else ``~/.cache/coursekit``. The cache uses the same
layout as ``../shared/data`` (``nsmc/ratings_train.txt``, ...), so pointing
``COURSEKIT_DATA`` there makes the tests work without a network.

Downloads are written to a temporary file next to the target, checked against
the registered sha256 and only then renamed into place: an interrupted or
corrupt download never leaves a file that looks valid. A file already in the
cache is checked too before it is used.

Embedded sets need no network: the slide sentences (``data/`` in the
repository, ``coursekit.data`` once installed), the test files that ship inside
gensim (WordSim353, SimLex-999, Google analogies, a Wikipedia sample) and
konlpy's ``kolaw`` / ``kobill`` corpora.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

CHUNK = 1 << 20


class DatasetError(RuntimeError):
    """A dataset file is missing, cannot be downloaded, or is corrupt."""


class DatasetMissingError(DatasetError, FileNotFoundError):
    """A dataset file is not in the cache and could not be downloaded."""


class ChecksumError(DatasetError):
    """A file's sha256 does not match the registry."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of a dataset, as it lies in the cache.

    ``path`` is relative to the cache folder. ``url`` is where it is downloaded
    from (``None`` for files that have no public download, only offline
    copies). ``sha256`` is the checksum of the file at ``url``;
    ``offline_sha256`` lists checksums of documented offline copies that are
    accepted too (the course's ``shared/data`` stand-ins). ``sha256=None``
    means the source publishes no fixed checksum: the first verified download
    is trusted and recorded next to the file.

    ``extract`` names a member to take out of a downloaded zip archive.
    """

    path: str
    url: str | None
    sha256: str | None
    size: int | None = None
    offline_sha256: tuple[str, ...] = ()
    extract: str | None = None

    def accepts(self, digest: str) -> bool:
        return digest == self.sha256 or digest in self.offline_sha256


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    license: str
    homepage: str
    files: tuple[RemoteFile, ...]
    loader: Callable | None = None
    notes: str = ""

    def paths(self) -> list[Path]:
        """Download (if needed) and return every file of the dataset."""
        return [ensure(f) for f in self.files]

    def load(self, *args, **kwargs):
        if self.loader is None:
            raise DatasetError(f"{self.name}: this dataset has no loader; use .paths()")
        return self.loader(*args, **kwargs)


# ---------------------------------------------------------------------------
# Cache and downloads
# ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """The folder downloads go to: ``$COURSEKIT_DATA`` or ``~/.cache/coursekit``."""
    env = os.environ.get("COURSEKIT_DATA")
    if env:
        return Path(env).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "coursekit"


def derived_dir() -> Path:
    """A writable folder for files derived from the cache (never the cache itself,
    which may be a read-only shared copy)."""
    path = Path(tempfile.gettempdir()) / f"coursekit-derived-{os.getuid() if hasattr(os, 'getuid') else 0}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_of(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


_verified: dict[tuple[str, int, int], str] = {}


def _digest_cached(path: Path) -> str:
    """sha256 of ``path``, memoised on (path, size, mtime) for this process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _verified:
        _verified[key] = sha256_of(path)
    return _verified[key]


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def verify(remote: RemoteFile, path: Path) -> None:
    """Raise :class:`ChecksumError` unless ``path`` matches the registry."""
    digest = _digest_cached(path)
    if remote.sha256 is None and not remote.offline_sha256:
        stamp = _stamp(path)
        if stamp.exists() and stamp.read_text().strip() != digest:
            raise ChecksumError(
                f"{path}: 파일 내용이 처음 내려받았을 때와 다릅니다(sha256 {digest[:12]}…). "
                f"파일을 지우고 다시 내려받으세요. / {path} changed since it was downloaded."
            )
        return
    if not remote.accepts(digest):
        expected = remote.sha256 or remote.offline_sha256[0]
        raise ChecksumError(
            f"{path}: 파일이 손상되었습니다. sha256이 {digest[:12]}…인데 {expected[:12]}…이어야 합니다. "
            f"이 파일을 지우면 다음 실행 때 {remote.url or '원본'}에서 다시 내려받습니다. / "
            f"corrupt file: sha256 {digest} != {expected}; delete it to download it again."
        )


def _download(url: str, dest: Path, timeout: float = 60.0) -> None:
    """Download ``url`` to ``dest`` (a temporary path); raise DatasetMissingError on failure."""
    request = urllib.request.Request(url, headers={"User-Agent": "coursekit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
            shutil.copyfileobj(response, out, CHUNK)
    except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
        raise DatasetMissingError(f"download failed: {url}: {exc}") from exc


def _missing_message(remote: RemoteFile, target: Path, reason: str) -> str:
    if remote.url is None:
        return (
            f"데이터 파일 '{remote.path}'이(가) 없습니다. 이 파일은 공개 다운로드 주소가 없어서 "
            f"강의 자료의 오프라인 사본(shared/data/{remote.path})을 써야 합니다.\n"
            f"  놓을 곳: {target}\n"
            f"오프라인 사본이 있는 폴더를 환경 변수 COURSEKIT_DATA로 지정하세요.\n"
            f"(missing offline-only data file {remote.path}; put it at {target} "
            f"or point COURSEKIT_DATA at the folder that has it)"
        )
    return (
        f"데이터 파일 '{remote.path}'이(가) 없고 내려받지도 못했습니다 ({reason}).\n"
        f"  주소: {remote.url}\n"
        f"  놓을 곳: {target}\n"
        f"인터넷에 연결한 뒤 다시 실행하거나, 위 주소의 파일을 직접 받아 놓을 곳에 두세요. "
        f"다른 폴더를 쓰려면 환경 변수 COURSEKIT_DATA를 그 폴더로 설정하세요.\n"
        f"(missing data file {remote.path}; download {remote.url} to {target})"
    )


def ensure(remote: RemoteFile) -> Path:
    """Return the verified local path of ``remote``, downloading it if needed."""
    target = cache_dir() / remote.path
    if target.exists():
        verify(remote, target)
        return target
    if remote.url is None:
        raise DatasetMissingError(_missing_message(remote, target, "오프라인 전용 파일"))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            _download(remote.url, tmp)
        except DatasetMissingError as exc:
            raise DatasetMissingError(_missing_message(remote, target, str(exc))) from exc
        digest = sha256_of(tmp)
        if remote.sha256 is not None and digest != remote.sha256:
            raise ChecksumError(
                f"{remote.url}에서 받은 파일의 sha256({digest[:12]}…)이 등록된 값"
                f"({remote.sha256[:12]}…)과 다릅니다. 받다가 끊겼거나 원본이 바뀌었습니다. "
                f"파일은 저장하지 않았습니다. 잠시 뒤 다시 실행하세요. / checksum mismatch, nothing saved."
            )
        if remote.extract:
            member_tmp = tmp.with_suffix(".member")
            try:
                with zipfile.ZipFile(tmp) as archive, archive.open(remote.extract) as src:
                    with open(member_tmp, "wb") as out:
                        shutil.copyfileobj(src, out, CHUNK)
            except (zipfile.BadZipFile, KeyError) as exc:
                member_tmp.unlink(missing_ok=True)
                raise ChecksumError(f"{remote.url}: 압축 파일을 풀 수 없습니다: {exc}") from exc
            os.replace(member_tmp, tmp)
        if remote.sha256 is None:
            _stamp(target).write_text(sha256_of(tmp) + "\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# ---------------------------------------------------------------------------
# Loaders
# ---------------------------------------------------------------------------


def _read_labelled_tsv(path: Path) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[-2:] != ["document", "label"]:
            raise DatasetError(f"{path}: 'id, document, label' 헤더가 아닙니다: {header}")
        for row in reader:
            if len(row) < 3 or not row[1].strip():
                continue  # NSMC has a few empty documents
            texts.append(row[1])
            labels.append(int(row[2]))
    return texts, labels


def load_nsmc(split: str = "train") -> tuple[list[str], list[int]]:
    """NSMC reviews and labels (0 negative, 1 positive); empty reviews are skipped."""
    if split not in ("train", "test"):
        raise ValueError("split은 'train' 또는 'test'여야 합니다.")
    remote = REGISTRY["nsmc"].files[0 if split == "train" else 1]
    return _read_labelled_tsv(ensure(remote))


def load_nsmc_unlabeled(limit: int | None = None) -> list[str]:
    """Unlabelled NSMC reviews (for pre-training Korean vectors)."""
    path = ensure(REGISTRY["nsmc_unlabeled"].files[0])
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(line.rstrip("\n"))
                if limit is not None and len(out) >= limit:
                    break
    return out


def _chunked_words(path: Path, max_words: int | None, chunk: int) -> list[list[str]]:
    """Split a text8-style single-line corpus into 'sentences' of ``chunk`` words."""
    words = path.read_text(encoding="ascii").split()
    if max_words is not None:
        words = words[:max_words]
    return [words[i : i + chunk] for i in range(0, len(words), chunk)]


def load_text8(max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """text8 (17M words of Wikipedia) as token lists of ``chunk`` words, like gensim's Text8Corpus."""
    return _chunked_words(ensure(REGISTRY["text8"].files[0]), max_words, chunk)


def load_en8(max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """en8, the course's 3.8M-word offline English corpus in text8's format."""
    return _chunked_words(ensure(REGISTRY["en8"].files[0]), max_words, chunk)


def load_english_corpus(max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """An English corpus in text8 format: the offline en8 copy when the cache has it, else text8
    (downloaded on first use)."""
    en8 = REGISTRY["en8"].files[0]
    if (cache_dir() / en8.path).exists():
        return load_en8(max_words, chunk)
    return load_text8(max_words, chunk)


def load_mr() -> tuple[list[str], list[int]]:
    """MR sentence polarity v1.0: 5,331 positive (1) and 5,331 negative (0) sentences."""
    pos, neg = (ensure(f) for f in REGISTRY["mr"].files)
    texts: list[str] = []
    labels: list[int] = []
    for path, label in ((pos, 1), (neg, 0)):
        for line in path.read_text(encoding="latin-1").split("\n"):  # not splitlines: \x85 is text here
            if line.strip():
                texts.append(line.strip())
                labels.append(label)
    return texts, labels


def load_movie_reviews() -> tuple[list[str], list[int]]:
    """2,000 IMDB movie reviews (Pang & Lee 2004), an offline stand-in for Keras IMDB."""
    return _read_labelled_tsv(ensure(REGISTRY["movie_reviews"].files[0]))


def load_kor_ws353() -> list[tuple[str, str, float]]:
    """Korean WordSim353 as (word1, word2, score) triples."""
    path = ensure(REGISTRY["kor_ws353"].files[0])
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 3:
                rows.append((row[0].strip(), row[1].strip(), float(row[2])))
    return rows


def kor_ws353_path() -> Path:
    """Korean WordSim353 as a tab-separated file for gensim's ``evaluate_word_pairs``."""
    rows = load_kor_ws353()
    out = derived_dir() / "kor_ws353.gensim.tsv"
    text = "".join(f"{a}\t{b}\t{s}\n" for a, b, s in rows)
    _write_if_changed(out, text)
    return out


def kor_analogy_path(kind: str = "all") -> Path:
    """Korean analogies in gensim's ``questions-words`` format (``: section`` lines).

    ``kind`` is ``"semantic"``, ``"syntactic"`` or ``"all"``.
    """
    files = {f.path.rsplit("_", 1)[-1].split(".")[0]: f for f in REGISTRY["kor_analogy"].files}
    if kind not in ("semantic", "syntactic", "all"):
        raise ValueError("kind는 'semantic', 'syntactic', 'all' 중 하나여야 합니다.")
    chosen = [files["semantic"], files["syntactic"]] if kind == "all" else [files[kind]]
    lines: list[str] = []
    for remote in chosen:
        section = remote.path
        for line in ensure(remote).read_text(encoding="utf-8-sig").splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                section = line.lstrip("# ").strip()
                lines.append(f": {section}")
            elif len(line.split()) == 4:
                if not lines:
                    lines.append(f": {section}")
                lines.append(line)
    out = derived_dir() / f"kor_analogy_{kind}.gensim.txt"
    _write_if_changed(out, "\n".join(lines) + "\n")
    return out


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


# --- embedded sets ----------------------------------------------------------


def gensim_datapath(name: str) -> Path:
    """A test file that ships inside gensim (``gensim.test.utils.datapath``)."""
    from gensim.test.utils import datapath

    path = Path(datapath(name))
    if not path.exists():
        raise DatasetMissingError(f"gensim에 포함된 파일 {name}을 찾을 수 없습니다: {path}")
    return path


def wordsim353_path() -> Path:
    return gensim_datapath("wordsim353.tsv")


def simlex999_path() -> Path:
    return gensim_datapath("simlex999.txt")


def questions_words_path() -> Path:
    return gensim_datapath("questions-words.txt")


WIKI_SAMPLE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _wiki_articles(path: Path) -> Iterator[str]:
    """Yield the wikitext of each ``<text>`` element of a MediaWiki XML dump."""
    import xml.etree.ElementTree as ET

    with bz2.open(path, "rb") as fh:
        for _, elem in ET.iterparse(fh):
            if elem.tag.endswith("}text") or elem.tag == "text":
                if elem.text:
                    yield elem.text
                elem.clear()


def load_wiki_sample(max_sentences: int | None = None) -> list[list[str]]:
    """The English Wikipedia sample shipped with gensim, as lowercase token lists.

    Markup is stripped with gensim's ``filter_wiki``; each line of the cleaned
    text with at least 3 tokens is one sentence.
    """
    from gensim.corpora.wikicorpus import filter_wiki

    sentences: list[list[str]] = []
    for raw in _wiki_articles(gensim_datapath(WIKI_SAMPLE)):
        text = filter_wiki(raw).lower()
        for line in text.splitlines():
            tokens = _TOKEN.findall(line)
            if len(tokens) >= 3:
                sentences.append(tokens)
                if max_sentences is not None and len(sentences) >= max_sentences:
                    return sentences
    return sentences


def load_kolaw() -> str:
    """The Korean constitution text shipped with konlpy."""
    from konlpy.corpus import kolaw

    return kolaw.open("constitution.txt").read()


def load_kobill() -> list[str]:
    """The Korean bill texts shipped with konlpy, one string per bill."""
    from konlpy.corpus import kobill

    return [kobill.open(name).read() for name in kobill.fileids()]


def _project_data() -> Path:
    """The slide-example folder: ``coursekit.data`` installed, or ``data/`` in a checkout."""
    try:
        path = Path(str(resources.files("coursekit.data")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "data"


def slide_examples() -> dict[str, list[str]]:
    """All slide examples (``data/slide_examples.json``): name -> list of sentences."""
    return json.loads((_project_data() / "slide_examples.json").read_text(encoding="utf-8"))


def slide_sentences(name: str) -> list[str]:
    """The sentences of one slide example, e.g. ``"sam_i_am"``."""
    examples = slide_examples()
    if name not in examples:
        raise KeyError(f"슬라이드 예문 '{name}'이(가) 없습니다. 있는 것: {', '.join(sorted(examples))}")
    return list(examples[name])


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

_NSMC = "https://raw.githubusercontent.com/e9t/nsmc/master/"
_KOR2VEC = "https://raw.githubusercontent.com/dongjun-Lee/kor2vec/master/test_dataset/"
_MR = "https://raw.githubusercontent.com/yoonkim/CNN_sentence/master/"

REGISTRY: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "nsmc",
            "Naver sentiment movie corpus: 150K train / 50K test reviews, labels 0/1",
            "CC0 1.0",
            "https://github.com/e9t/nsmc",
            (
                RemoteFile(
                    "nsmc/ratings_train.txt",
                    _NSMC + "ratings_train.txt",
                    "e03b7d14e9e41be8d464a28057cd25d7396c53e67aa7fd5f7e552c59b0ee2940",
                    14628807,
                    offline_sha256=("ed1c1c9b441103cb1b54f2d0a1a4b4920c37aa4a9576f9740d79f8a938842b69",),
                ),
                RemoteFile(
                    "nsmc/ratings_test.txt",
                    _NSMC + "ratings_test.txt",
                    "8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda",
                    4893335,
                    offline_sha256=("9e38cd711becb58814e10a6ed4734bde70e56539c53cefdd40a98ac584308b57",),
                ),
            ),
            load_nsmc,
            notes="offline_sha256: the course's rebuilt copy (same format, another sample).",
        ),
        Dataset(
            "nsmc_unlabeled",
            "the other NSMC raw reviews (~660K, test reviews removed) for pre-training",
            "CC0 1.0",
            "https://github.com/e9t/nsmc",
            (
                RemoteFile(
                    "nsmc/reviews_unlabeled.txt.gz",
                    None,
                    None,
                    offline_sha256=("09d9c8a7de7b2331226c53bb1f7ed69c225aa647a66611766ef6fb8c9fee10f8",),
                ),
            ),
            load_nsmc_unlabeled,
            notes="built offline from the raw/ folder of e9t/nsmc; no single public file.",
        ),
        Dataset(
            "text8",
            "text8: the first 10^8 characters of cleaned English Wikipedia (17M words)",
            "Wikipedia text, CC BY-SA",
            "http://mattmahoney.net/dc/textdata.html",
            (RemoteFile("en/text8", "http://mattmahoney.net/dc/text8.zip", None, extract="text8"),),
            load_text8,
            notes="no published sha256: the first download's checksum is recorded and enforced.",
        ),
        Dataset(
            "en8",
            "en8: 3.8M-word English corpus in text8's format, from NLTK corpora",
            "NLTK data licenses (abc, brown, movie_reviews, state_union, inaugural, webtext)",
            "https://www.nltk.org/nltk_data/",
            (
                RemoteFile(
                    "en/en8",
                    None,
                    None,
                    offline_sha256=("1538a9e9e0575b5fde3c5fa553eebc921ff7ca362a0f66455e59ab9e9180787a",),
                ),
            ),
            load_en8,
            notes="offline-only: the course's stand-in for text8.",
        ),
        Dataset(
            "movie_reviews",
            "2,000 IMDB movie reviews with polarity (Pang & Lee 2004)",
            "for research use (Cornell movie review data)",
            "https://www.cs.cornell.edu/people/pabo/movie-review-data/",
            (
                RemoteFile(
                    "en/movie_reviews.tsv",
                    None,
                    None,
                    offline_sha256=("5f2eb6e5716a07f089305d0211a9b82af2efa5df1c276684434c63a93268e5df",),
                ),
            ),
            load_movie_reviews,
            notes="offline stand-in for keras.datasets.imdb (which Colab downloads itself).",
        ),
        Dataset(
            "mr",
            "MR sentence polarity v1.0: 5,331 positive + 5,331 negative sentences",
            "for research use (Pang & Lee 2005)",
            "https://www.cs.cornell.edu/people/pabo/movie-review-data/",
            (
                RemoteFile(
                    "mr/rt-polarity.pos",
                    _MR + "rt-polarity.pos",
                    "2da124ec187a9d5a29c9f04e91c540e02baed5af8868f550a26bd6fd4dbf8bf0",
                    626139,
                ),
                RemoteFile(
                    "mr/rt-polarity.neg",
                    _MR + "rt-polarity.neg",
                    "4ace77d558c3714723843f1d65b60c01e3417b208180f0728808d76ad0eeeaca",
                    612256,
                ),
            ),
            load_mr,
        ),
        Dataset(
            "kor_ws353",
            "Korean WordSim353 (word1, word2, score)",
            "MIT (kor2vec)",
            "https://github.com/dongjun-Lee/kor2vec",
            (
                RemoteFile(
                    "ko_eval/kor_ws353.csv",
                    _KOR2VEC + "kor_ws353.csv",
                    "a1cb9f176d8fdef8aa05b424b993579b24480c310287c61315e34423c6521ecc",
                    6753,
                ),
            ),
            load_kor_ws353,
        ),
        Dataset(
            "kor_analogy",
            "Korean analogies: 420 semantic + 840 syntactic questions",
            "MIT (kor2vec)",
            "https://github.com/dongjun-Lee/kor2vec",
            (
                RemoteFile(
                    "ko_eval/kor_analogy_semantic.txt",
                    _KOR2VEC + "kor_analogy_semantic.txt",
                    "4be939f206762d89aa14d8de480de1aa8b63a70616506e61b1f408b5b8df5582",
                    14759,
                ),
                RemoteFile(
                    "ko_eval/kor_analogy_syntactic.txt",
                    _KOR2VEC + "kor_analogy_syntactic.txt",
                    "17748144de2a3f287f8ceef603ffe869b7ba88524914a12e18b22f9e608e7d2f",
                    38121,
                ),
            ),
            kor_analogy_path,
        ),
    )
}

EMBEDDED: dict[str, Callable] = {
    "slides": slide_examples,
    "wordsim353": wordsim353_path,
    "simlex999": simlex999_path,
    "questions_words": questions_words_path,
    "wiki_sample": load_wiki_sample,
    "kolaw": load_kolaw,
    "kobill": load_kobill,
}


def load(name: str, *args, **kwargs):
    """Load a registered or embedded dataset by name."""
    if name in REGISTRY:
        return REGISTRY[name].load(*args, **kwargs)
    if name in EMBEDDED:
        return EMBEDDED[name](*args, **kwargs)
    known = ", ".join(sorted([*REGISTRY, *EMBEDDED]))
    raise KeyError(f"'{name}'이라는 데이터셋은 없습니다. 있는 것: {known}")


def fetch(name: str) -> list[Path]:
    """Download (if needed) and verify every file of a registered dataset."""
    if name not in REGISTRY:
        raise KeyError(f"'{name}'은(는) 내려받을 데이터셋이 아닙니다. 있는 것: {', '.join(REGISTRY)}")
    return REGISTRY[name].paths()


@dataclass
class Status:
    name: str
    path: Path
    state: str = field(default="missing")


def status() -> list[Status]:
    """One row per registered file: ok, missing or corrupt (nothing is downloaded)."""
    rows = []
    for ds in REGISTRY.values():
        for remote in ds.files:
            path = cache_dir() / remote.path
            row = Status(ds.name, path)
            if path.exists():
                try:
                    verify(remote, path)
                    row.state = "ok"
                except ChecksumError:
                    row.state = "corrupt"
            rows.append(row)
    return rows


# --- IMDB (lecture 08) --------------------------------------------------------
# Keras downloads IMDB itself (into ~/.keras/datasets); the course's offline
# stand-in is en/movie_reviews.tsv (Pang & Lee 2004, 2,000 other IMDB reviews).
# The published GloVe vectors that wikidocs 33793 uses are registered here too.


class LabelledTokens(tuple):
    """``(tokens, labels, source)``: token lists, 0/1 labels and which corpus they came from."""

    def __new__(cls, tokens: list[list[str]], labels: list[int], source: str):
        return super().__new__(cls, (tokens, labels, source))

    tokens = property(lambda self: self[0])
    labels = property(lambda self: self[1])
    source = property(lambda self: self[2])


IMDB_KERAS = "keras.datasets.imdb (25,000 훈련 / 25,000 테스트 리뷰)"
IMDB_STANDIN = "오프라인 대체본 en/movie_reviews.tsv (IMDB 리뷰 2,000개, Pang & Lee 2004; 훈련 1,500 / 테스트 500으로 나눔)"
_IMDB_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def _imdb_tokens(text: str) -> list[str]:
    """Lowercase runs of letters or digits, as text8 and GloVe's words (``"don't"`` -> ``don``, ``t``)."""
    return _IMDB_TOKEN.findall(text.lower())


_imdb_cache: dict[str, tuple] = {}


def _imdb_from_keras() -> tuple:
    """Both splits of Keras IMDB decoded to words (``index_from=3``: 0 pad, 1 start, 2 OOV)."""
    if "keras" not in _imdb_cache:
        import keras

        (x_tr, y_tr), (x_te, y_te) = keras.datasets.imdb.load_data(index_from=3)
        index = keras.datasets.imdb.get_word_index()
        words = {i + 3: w for w, i in index.items()}

        def decode(ids) -> list[str]:
            return _imdb_tokens(" ".join(words[i] for i in ids if i in words))

        _imdb_cache["keras"] = ([decode(x) for x in x_tr], [int(y) for y in y_tr],
                                [decode(x) for x in x_te], [int(y) for y in y_te])
    return _imdb_cache["keras"]


def _imdb_from_standin() -> tuple:
    """The 2,000 offline reviews, split 1,500 / 500 with a fixed permutation (balanced per split).

    More of the few reviews go to training than in Keras IMDB's 50/50 split:
    with 1,000 training reviews the quick-mode GRU barely beat chance."""
    import numpy as np

    texts, labels = load_movie_reviews()
    train, test = [], []
    for label in (0, 1):
        idx = [i for i, y in enumerate(labels) if y == label]
        order = np.random.default_rng(8).permutation(len(idx))
        half = len(idx) * 3 // 4
        train += [idx[j] for j in order[:half]]
        test += [idx[j] for j in order[half:]]
    train.sort()
    test.sort()
    return ([_imdb_tokens(texts[i]) for i in train], [labels[i] for i in train],
            [_imdb_tokens(texts[i]) for i in test], [labels[i] for i in test])


def load_imdb(split: str = "train", offline_ok: bool = True) -> LabelledTokens:
    """IMDB reviews of ``split`` (``"train"`` or ``"test"``) as token lists, labels (1 positive) and source.

    The source is ``keras.datasets.imdb`` (Keras downloads it on first use and
    caches it in ``~/.keras/datasets``); its word ids are decoded to words with
    ``get_word_index()`` (``index_from=3``). Only when that download fails (no
    network, as in the tests) and ``offline_ok`` is true, the offline stand-in
    ``en/movie_reviews.tsv`` is used instead, split 1,500 / 500; ``source``
    says which one it was, so a notebook can print it.
    """
    if split not in ("train", "test"):
        raise ValueError("split은 'train' 또는 'test'여야 합니다.")
    try:
        if "keras_failed" in _imdb_cache:  # tried once in this session: do not wait for the network again
            raise _imdb_cache["keras_failed"][0]
        parts, source = _imdb_from_keras(), IMDB_KERAS
    except Exception as exc:  # no network: keras raises a plain Exception
        _imdb_cache["keras_failed"] = (exc,)
        if not offline_ok:
            raise DatasetMissingError(f"keras.datasets.imdb를 내려받지 못했습니다: {exc}") from exc
        if "standin" not in _imdb_cache:
            _imdb_cache["standin"] = _imdb_from_standin()
        parts, source = _imdb_cache["standin"], IMDB_STANDIN
    tokens, labels = (parts[0], parts[1]) if split == "train" else (parts[2], parts[3])
    return LabelledTokens(tokens, labels, source)


def load_glove_6b(dim: int = 100, limit: int | None = None):
    """The published GloVe 6B vectors (Wikipedia 2014 + Gigaword 5, 400K words) as gensim ``KeyedVectors``.

    Only ``dim=100`` is registered (``glove_6b_100d``): the Stanford zip is
    822 MB, so the lecture loads it in full mode only. ``limit`` keeps the most
    frequent words.
    """
    if dim != 100:
        raise ValueError("등록된 GloVe 6B 벡터는 100차원(glove.6B.100d)뿐입니다.")
    from coursekit.pretrained import load_glove_text

    return load_glove_text(ensure(REGISTRY["glove_6b_100d"].files[0]), limit=limit)


REGISTRY["imdb"] = Dataset(
    "imdb",
    "IMDB movie reviews, 25K train / 25K test (Maas et al. 2011), downloaded by keras.datasets.imdb",
    "for research use (Stanford AI Lab)",
    "https://ai.stanford.edu/~amaas/data/sentiment/",
    (),
    load_imdb,
    notes="Keras downloads and caches it itself; offline the loader falls back to movie_reviews.",
)
REGISTRY["glove_6b_100d"] = Dataset(
    "glove_6b_100d",
    "GloVe 6B, 100 dimensions: 400K uncased words from Wikipedia 2014 + Gigaword 5 (Pennington 2014)",
    "Public Domain Dedication and License v1.0 (ODC-PDDL)",
    "https://nlp.stanford.edu/projects/glove/",
    (
        RemoteFile(
            "en/glove.6B.100d.txt",
            "https://nlp.stanford.edu/data/glove.6B.zip",
            None,
            extract="glove.6B.100d.txt",
        ),
    ),
    load_glove_6b,
    notes=(
        "Stanford publishes no checksum and the course machines have no network, so the sha256 is "
        "trust-on-first-use like text8: the first download's digest is recorded next to the file "
        "and enforced afterwards. The zip (822 MB) holds 50/100/200/300d; only 100d is extracted."
    ),
)
