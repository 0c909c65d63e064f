"""The course's data: a registry of real datasets, a download cache and loaders.

Every dataset in :data:`REGISTRY` names its files, where they come from (URL),
their checksum and how it is known (``checksum_from``), license and a loader.
Files live in a cache folder: ``COURSEKIT_DATA`` if set, else
``~/.cache/coursekit``. The cache uses the same layout as ``../shared/data``
(``nsmc/ratings_train.txt``, ...), so pointing ``COURSEKIT_DATA`` there makes
the tests work without a network. ``COURSEKIT_DATA_MIRROR`` (a base URL) makes
downloads come from a mirror that serves files as they lie in the cache.

Downloads are written to a temporary file next to the target, checked against
the registered checksum and only then renamed into place: an interrupted or
corrupt download never leaves a file that looks valid. A file already in the
cache is checked too before it is used.

Every dataset a notebook loads is public. The course's offline-only copies
(``en8``, ``nsmc_unlabeled``, ``movie_reviews``) are declared stand-ins
(``Dataset.standin_for``): the loader of the public dataset uses one only where
the public one cannot be downloaded, and prints which it used
(:func:`load_english_corpus`, :func:`load_korean_reviews`, :func:`load_imdb`).

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from coursekit import wiki_sample

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
    copies). ``sha256`` is the checksum of the file as it lies in the cache (for
    ``extract``, the extracted member); ``offline_sha256`` lists checksums of
    documented offline copies that are accepted too (the course's
    ``shared/data`` stand-ins). Where the source publishes no sha256, ``md5``
    holds the checksum it does publish; with neither, the first verified
    download is trusted, recorded next to the file and enforced afterwards, and
    ``size`` (bytes), when given, is checked. ``checksum_from`` says how the
    registered checksum is known.

    ``extract`` names a member to take out of a downloaded zip archive.
    """

    path: str
    url: str | None
    sha256: str | None
    size: int | None = None
    offline_sha256: tuple[str, ...] = ()
    extract: str | None = None
    md5: str | None = None
    checksum_from: str = ""

    def accepts(self, digest: str) -> bool:
        return digest == self.sha256 or digest in self.offline_sha256


@dataclass(frozen=True)
class Dataset:
    """A registered dataset.

    A public dataset has a download URL for every file. An offline-only dataset
    (no URL) must name in ``standin_for`` the public dataset whose loader may
    fall back to it when that one cannot be downloaded; no notebook loads it by
    name.
    """

    name: str
    description: str
    license: str
    homepage: str
    files: tuple[RemoteFile, ...]
    loader: Callable | None = None
    notes: str = ""
    standin_for: str | None = None

    @property
    def public(self) -> bool:
        return all(f.url for f in self.files)

    def paths(self) -> list[Path]:
        """Download (if needed) and return every file of the dataset."""
        return [ensure(f) for f in self.files]

    def load(self, *args, **kwargs):
        if self.standin_for is not None:
            raise DatasetError(
                f"{self.name}은(는) 공개 데이터 {self.standin_for}의 오프라인 대체본이라 이름으로 "
                f"불러 쓰지 않습니다. {self.standin_for}을(를) 불러오면(예: {_LOADER_HINT.get(self.standin_for, 'load')}) "
                f"내려받지 못할 때만 이 사본을 씁니다."
            )
        if self.loader is None:
            raise DatasetError(f"{self.name}: this dataset has no loader; use .paths()")
        return self.loader(*args, **kwargs)


_LOADER_HINT = {
    "text8": "datasets.load_english_corpus()",
    "nsmc": "datasets.load_korean_reviews()",
    "imdb": "datasets.load_imdb()",
}

# ---------------------------------------------------------------------------
# Cache and downloads
# ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """The folder downloads go to: ``$COURSEKIT_DATA`` or ``~/.cache/coursekit``.

    A ``COURSEKIT_DATA`` that names a file (not a folder) is refused with a
    :class:`DatasetError` that says so.
    """
    env = os.environ.get("COURSEKIT_DATA")
    if env:
        path = Path(env).expanduser().resolve()
        if _exists(path) and not path.is_dir():
            raise DatasetError(
                f"환경 변수 COURSEKIT_DATA={env}가 폴더가 아니라 파일을 가리킵니다. 데이터를 둘 폴더(예: "
                f"{path.parent / 'coursekit-data'})로 바꾸세요. / COURSEKIT_DATA must be a folder, not a file."
            )
        return path
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


def md5_of(path: str | os.PathLike) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _corrupt(path: Path, remote: RemoteFile, got: str, expected: str) -> ChecksumError:
    if remote.url is None:  # an offline-only copy: nothing would download it again
        return ChecksumError(
            f"{path}: 파일이 손상되었습니다. 체크섬이 {got[:12]}…인데 {expected[:12]}…이어야 합니다. "
            f"이 파일은 공개 다운로드 주소가 없는 강의 자료의 오프라인 사본이라 다시 내려받을 수 없습니다. "
            f"강의 자료(shared/data/{remote.path})에서 다시 복사해 덮어쓰세요. / corrupt offline-only file: "
            f"checksum {got} != {expected}; copy shared/data/{remote.path} again (it cannot be downloaded)."
        )
    extra = ""
    if remote.extract and zipfile.is_zipfile(path):
        extra = f"(압축 파일 {remote.url}을(를) 받았다면 그 안의 '{remote.extract}' 파일을 풀어 이 자리에 두세요.) "
    return ChecksumError(
        f"{path}: 파일이 손상되었습니다. 체크섬이 {got[:12]}…인데 {expected[:12]}…이어야 합니다. {extra}"
        f"이 파일을 지우면 다음 실행 때 {remote.url}에서 다시 내려받습니다. / "
        f"corrupt file: checksum {got} != {expected}; delete it to download it again."
    )


def _exists(path: Path) -> bool:
    """``path.exists()``, with an unreadable cache folder explained instead of a bare OSError."""
    try:
        return path.exists()
    except OSError as exc:
        raise DatasetError(
            f"데이터 폴더를 읽을 수 없습니다: {path} ({exc.strerror or exc}). 폴더 권한을 확인하거나 "
            f"환경 변수 COURSEKIT_DATA를 읽고 쓸 수 있는 폴더로 지정하세요. / cannot read {path}: {exc}"
        ) from exc


def _unpack_in_place(remote: RemoteFile, target: Path) -> bool:
    """Where the downloaded archive itself was put at ``target`` (as the missing-file message's
    URL suggests), replace it by its ``remote.extract`` member, atomically; True if it did."""
    if not remote.extract or not zipfile.is_zipfile(target):
        return False
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise DatasetError(
            f"{target}은(는) 압축 파일입니다. 그 안의 '{remote.extract}' 파일을 풀어 이 자리에 두세요 "
            f"(폴더에 쓸 수 없어 대신 풀지 못했습니다: {exc}). / {target} is a zip archive: extract "
            f"'{remote.extract}' from it to this path."
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(target) as archive, archive.open(remote.extract) as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, CHUNK)
        os.replace(tmp, target)
        return True
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ChecksumError(
            f"{target}은(는) 압축 파일인데 '{remote.extract}' 파일이 들어 있지 않습니다: {exc}. "
            f"이 파일을 지우면 다음 실행 때 {remote.url}에서 다시 내려받습니다."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def verify(remote: RemoteFile, path: Path) -> None:
    """Raise :class:`ChecksumError` unless ``path`` matches the registry."""
    digest = _digest_cached(path)
    if remote.sha256 is not None or remote.offline_sha256:
        if not remote.accepts(digest):
            raise _corrupt(path, remote, digest, remote.sha256 or remote.offline_sha256[0])
        return
    if remote.md5 is not None:
        got = md5_of(path)
        if got != remote.md5:
            raise _corrupt(path, remote, got, remote.md5)
        return
    if remote.size is not None and path.stat().st_size != remote.size:
        raise _corrupt(path, remote, f"{path.stat().st_size} bytes", f"{remote.size} bytes")
    stamp = _stamp(path)
    if stamp.exists() and stamp.read_text().strip() != digest:
        raise ChecksumError(
            f"{path}: 파일 내용이 처음 내려받았을 때와 다릅니다(sha256 {digest[:12]}…). "
            f"파일을 지우고 다시 내려받으세요. / {path} changed since it was downloaded."
        )


def _download(url: str, dest: Path, timeout: float = 60.0) -> None:
    """Download ``url`` to ``dest`` (a temporary path); raise DatasetMissingError on failure."""
    request = urllib.request.Request(url, headers={"User-Agent": "coursekit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
            shutil.copyfileobj(response, out, CHUNK)
    except (urllib.error.URLError, http.client.HTTPException, OSError, TimeoutError) as exc:
        raise DatasetMissingError(f"download failed: {url}: {exc}") from exc


MIRROR_ENV = "COURSEKIT_DATA_MIRROR"


def download_url(remote: RemoteFile) -> str | None:
    """Where ``remote`` is downloaded from.

    ``$COURSEKIT_DATA_MIRROR`` (a base URL, e.g. a classroom server or the test
    command's 127.0.0.1 server) replaces every public URL by
    ``MIRROR/<path in the cache>``; a mirror serves files as they lie in the
    cache (already extracted) and they are checked like any download. Files
    without a public URL are never downloaded, from a mirror either.
    """
    if remote.url is None:
        return None
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    if mirror:
        return f"{mirror.rstrip('/')}/{remote.path}"
    return remote.url


def _missing_message(remote: RemoteFile, target: Path, reason: str) -> str:
    if remote.url is None:
        return (
            f"데이터 파일 '{remote.path}'이(가) 없습니다. 이 파일은 공개 다운로드 주소가 없는 "
            f"강의 자료의 오프라인 사본(shared/data/{remote.path})입니다.\n"
            f"  놓을 곳: {target}\n"
            f"오프라인 사본이 있는 폴더를 환경 변수 COURSEKIT_DATA로 지정하세요.\n"
            f"(missing offline-only data file {remote.path}; put it at {target} "
            f"or point COURSEKIT_DATA at the folder that has it)"
        )
    url = download_url(remote)
    archive = ""
    if remote.extract and url == remote.url:
        archive = (f"  (주소의 파일은 압축 파일입니다. 그대로 놓을 곳에 두면 처음 쓸 때 그 안의 "
                   f"'{remote.extract}'을(를) 풀어 씁니다.)\n")
    return (
        f"데이터 파일 '{remote.path}'이(가) 없고 내려받지도 못했습니다 ({reason}).\n"
        f"  주소: {url}\n"
        f"  놓을 곳: {target}\n{archive}"
        f"인터넷에 연결한 뒤 다시 실행하거나, 위 주소의 파일을 직접 받아 놓을 곳에 두세요. "
        f"다른 폴더를 쓰려면 환경 변수 COURSEKIT_DATA를 그 폴더로 설정하세요.\n"
        f"(missing data file {remote.path}; download {url} to {target})"
    )


def _check_download(remote: RemoteFile, tmp: Path, url: str) -> None:
    """Check a finished download (after extraction) against the published checksum."""
    if remote.sha256 is not None:
        got, expected = sha256_of(tmp), remote.sha256
    elif remote.md5 is not None:
        got, expected = md5_of(tmp), remote.md5
    elif remote.size is not None:
        got, expected = f"{tmp.stat().st_size} bytes", f"{remote.size} bytes"
    else:
        return
    if got != expected:
        raise ChecksumError(
            f"{url}에서 받은 파일의 체크섬({got[:12]}…)이 등록된 값"
            f"({expected[:12]}…)과 다릅니다. 받다가 끊겼거나 원본이 바뀌었습니다. "
            f"파일은 저장하지 않았습니다. 잠시 뒤 다시 실행하세요. / checksum mismatch, nothing saved."
        )


def ensure(remote: RemoteFile) -> Path:
    """Return the verified local path of ``remote``, downloading it if needed."""
    target = cache_dir() / remote.path
    if _exists(target):
        unpacked = _unpack_in_place(remote, target)
        verify(remote, target)
        if unpacked and remote.sha256 is None and remote.md5 is None:  # trust on first use, as a download
            _write_if_changed(_stamp(target), sha256_of(target) + "\n")
        return target
    url = download_url(remote)
    if url is None:
        raise DatasetMissingError(_missing_message(remote, target, "오프라인 전용 파일"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:  # a read-only cache (e.g. a shared offline copy)
        raise DatasetMissingError(_missing_message(remote, target, f"쓸 수 없는 폴더: {exc}")) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            _download(url, tmp)
        except DatasetMissingError as exc:
            raise DatasetMissingError(_missing_message(remote, target, str(exc))) from exc
        if remote.extract and url == remote.url:
            member_tmp = tmp.with_suffix(".member")
            try:
                with zipfile.ZipFile(tmp) as archive, archive.open(remote.extract) as src:
                    with open(member_tmp, "wb") as out:
                        shutil.copyfileobj(src, out, CHUNK)
            except (zipfile.BadZipFile, KeyError) as exc:
                member_tmp.unlink(missing_ok=True)
                raise ChecksumError(f"{url}: 압축 파일을 풀 수 없습니다: {exc}") from exc
            os.replace(member_tmp, tmp)
        _check_download(remote, tmp, url)
        if remote.sha256 is None and remote.md5 is None:
            _write_if_changed(_stamp(target), sha256_of(tmp) + "\n")
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
    rows = _read_labelled_tsv(ensure(remote))
    if "nsmc" not in _noted_offline and uses_offline_copy("nsmc"):
        _noted_offline.add("nsmc")
        print("NSMC: 강의 자료의 오프라인 재구성본입니다(공식 파일과 형식·크기는 같고 리뷰 표본이 다름). "
              "공식 파일(Colab이 내려받는 것)로 실행하면 숫자가 조금 다릅니다.")
    return rows


def _load_nsmc_unlabeled(limit: int | None = None) -> list[str]:
    """The offline copy's other NSMC raw reviews (a declared stand-in, see :func:`load_korean_reviews`)."""
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
    try:
        words = path.read_text(encoding="ascii").split()
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{path}: text8 형식(소문자 영어 단어와 공백만 있는 텍스트)이 아닙니다 ({exc.reason}, {exc.start}번째 바이트). "
            f"압축 파일이나 다른 파일이 아닌지 확인하고, 지운 뒤 다시 실행하세요. / {path} is not a text8-format file."
        ) from exc
    return chunk_words(words, max_words, chunk)


def chunk_words(words: Sequence[str], max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """The first ``max_words`` of ``words`` (all where None) as 'sentences' of ``chunk`` words."""
    if chunk < 1:
        raise ValueError(f"chunk는 1 이상이어야 합니다 (받은 값: {chunk}).")
    words = words[:max_words]
    return [list(words[i : i + chunk]) for i in range(0, len(words), chunk)]


def load_text8(max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """text8 (17M words of Wikipedia) as token lists of ``chunk`` words, like gensim's Text8Corpus."""
    return _chunked_words(ensure(REGISTRY["text8"].files[0]), max_words, chunk)


def load_en8(max_words: int | None = None, chunk: int = 10_000) -> list[list[str]]:
    """en8, the course's offline stand-in for text8 (tests and benchmarks only;
    notebooks call :func:`load_english_corpus`)."""
    return _chunked_words(ensure(REGISTRY["en8"].files[0]), max_words, chunk)


class Corpus(list):
    """A list of sentences (token lists or texts) that knows which dataset it came from.

    ``name`` is the registry name of the dataset that was used, ``standin`` is
    True where a declared offline stand-in replaced the public dataset.
    """

    def __init__(self, items, name: str, standin: bool = False):
        super().__init__(items)
        self.name = name
        self.standin = standin


def uses_offline_copy(name: str) -> bool:
    """True where the cache holds an accepted offline copy of a public dataset that is not
    the public file itself (e.g. the course's rebuilt NSMC sample)."""
    for remote in REGISTRY[name].files:
        path = cache_dir() / remote.path
        if _exists(path) and remote.sha256 is not None and _digest_cached(path) != remote.sha256:
            return True
    return False


# Offline copies already announced in this process (said once per dataset, not at every load).
_noted_offline: set[str] = set()

# Public datasets that could not be downloaded in this process: asked once, not at every call.
_unreachable: dict[str, str] = {}


def _public_or_standin(public: str, load_public: Callable, load_standin: Callable, what: str):
    """Load the public dataset; where it cannot be downloaded, its declared stand-in.

    Prints one line that says which dataset was used. A corrupt file is never
    replaced silently: :class:`ChecksumError` propagates.
    """
    standin = next(d.name for d in REGISTRY.values() if d.standin_for == public)
    if public not in _unreachable:
        try:
            items = load_public()
        except DatasetMissingError as exc:
            _unreachable[public] = str(exc)
        else:
            note = ""
            if uses_offline_copy(public):
                note = " — 강의 자료의 오프라인 사본(같은 형식, 다른 표본)"
            print(f"{what}: {public} ({REGISTRY[public].description}){note}")
            return Corpus(items, public)
    try:
        items = load_standin()
    except DatasetMissingError as exc:
        raise DatasetMissingError(
            f"{what}: 공개 데이터 {public}을(를) 내려받지 못했고, 대신 쓸 오프라인 사본 {standin}도 없습니다.\n"
            f"{_unreachable[public]}\n---\n{exc}"
        ) from exc
    print(
        f"{what}: {standin} ({REGISTRY[standin].description}) — {public}을(를) 내려받지 못해 "
        f"강의 자료의 오프라인 사본으로 대신합니다. 결과가 {public}과(와) 다를 수 있습니다."
    )
    return Corpus(items, standin, standin=True)


def load_english_corpus(max_words: int | None = None, chunk: int = 10_000) -> Corpus:
    """The English training corpus: text8 (downloaded on first use), as token lists of
    ``chunk`` words; en8, its declared offline stand-in, only where text8 cannot be
    downloaded. Prints which one was used; ``.name`` says it too.

    ``COURSEKIT_ENGLISH=wiki-sample`` (for developers, see :mod:`coursekit.wiki_sample`)
    returns gensim's English Wikipedia sample in text8's format instead."""
    if wiki_sample.requested():
        print(f"영어 말뭉치: {wiki_sample.NAME} (gensim에 들어 있는 영어 위키백과 표본, text8 형식; {wiki_sample.ENV})")
        return Corpus(chunk_words(wiki_sample.words(), max_words, chunk), wiki_sample.NAME)
    return _public_or_standin(
        "text8",
        lambda: load_text8(max_words, chunk),
        lambda: load_en8(max_words, chunk),
        "영어 말뭉치",
    )


def load_korean_reviews(limit: int | None = None) -> Corpus:
    """Korean text for pre-training vectors: the reviews of NSMC's training file
    (``ratings_train.txt``, never the test file), at most ``limit`` of them.

    Where NSMC cannot be downloaded, the offline copy's other raw NSMC reviews
    (``nsmc_unlabeled``, a declared stand-in) are used. Prints which one was used.
    """
    return _public_or_standin(
        "nsmc",
        lambda: load_nsmc("train")[0][:limit],
        lambda: _load_nsmc_unlabeled(limit),
        "한국어 리뷰",
    )


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


def _load_movie_reviews() -> tuple[list[str], list[int]]:
    """2,000 IMDB movie reviews (Pang & Lee 2004), the offline stand-in for Keras IMDB."""
    return _read_labelled_tsv(ensure(REGISTRY["movie_reviews"].files[0]))


@dataclass
class Imdb:
    """IMDB reviews as ``keras.datasets.imdb`` gives them, plus where they came from.

    Unpacks like Keras: ``(x_train, y_train), (x_test, y_test) = datasets.load_imdb()``.
    ``x`` are lists of word ids (``start_char``, then ``rank + index_from``; ranks
    above ``num_words`` become ``oov_char``); ``word_index`` maps a word to its
    frequency rank (1 = most frequent), as ``keras.datasets.imdb.get_word_index``.
    ``name`` is ``"imdb"`` (Keras IMDB, 25,000 + 25,000 reviews) or
    ``"movie_reviews"`` (the declared offline stand-in, 1,500 + 500 reviews).
    """

    x_train: list[list[int]]
    y_train: list[int]
    x_test: list[list[int]]
    y_test: list[int]
    word_index: dict[str, int]
    name: str
    start_char: int | None = 1
    oov_char: int | None = 2
    index_from: int = 3

    @property
    def standin(self) -> bool:
        return self.name != "imdb"

    def __iter__(self):
        yield self.x_train, self.y_train
        yield self.x_test, self.y_test

    @cached_property
    def _words(self) -> dict[int, str]:
        return {i + self.index_from: w for w, i in self.word_index.items()}

    def decode(self, ids, special: bool = True) -> list[str]:
        """Word ids back to words, padding dropped; the special ids (and ids outside the word
        index) become ``[START]`` / ``[OOV]``, or are dropped too with ``special=False``."""
        if not special:
            return [self._words[int(i)] for i in ids if int(i) in self._words]
        marks = {self.start_char: "[START]", self.oov_char: "[OOV]"}
        return [marks.get(int(i)) or self._words.get(int(i), "[OOV]") for i in ids if int(i) != 0]


# Lowercase runs of letters or digits, as text8's and GloVe's words ("don't" -> "don", "t").
_IMDB_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def _imdb_tokens(text: str) -> list[str]:
    return _IMDB_TOKEN.findall(text.lower())


def _imdb_arrays() -> tuple[list, list, list, list, dict[str, int]]:
    """Keras IMDB's raw arrays (word ranks from 1) and word index."""
    import numpy as np

    npz_file, index_file = (ensure(f) for f in REGISTRY["imdb"].files)
    with np.load(npz_file, allow_pickle=True) as f:  # verified by sha256 before it is unpickled
        arrays = [f["x_train"], f["y_train"], f["x_test"], f["y_test"]]
    word_index = json.loads(index_file.read_text(encoding="utf-8"))
    x_train, y_train, x_test, y_test = ([list(map(int, x)) for x in a] if i % 2 == 0 else [int(v) for v in a]
                                        for i, a in enumerate(arrays))
    return x_train, y_train, x_test, y_test, word_index


def _movie_review_arrays() -> tuple[list, list, list, list, dict[str, int]]:
    """The stand-in in Keras IMDB's raw form, words ranked by frequency from 1.

    The 2,000 reviews are split 1,500 / 500 (each class split the same way, a
    fixed permutation): with Keras's 50/50 split the 1,000 training reviews were
    too few for the quick-mode GRU to beat chance reliably."""
    from collections import Counter

    import numpy as np

    texts, labels = _load_movie_reviews()
    tokens = [_imdb_tokens(t) for t in texts]
    counts = Counter(w for ts in tokens for w in ts)
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    word_index = {w: i + 1 for i, w in enumerate(ranked)}
    train, test = [], []
    for label in (0, 1):
        idx = [i for i, y in enumerate(labels) if y == label]
        order = np.random.default_rng(8).permutation(len(idx))
        cut = len(idx) * 3 // 4
        train += [idx[j] for j in order[:cut]]
        test += [idx[j] for j in order[cut:]]
    train.sort()
    test.sort()
    return ([[word_index[w] for w in tokens[i]] for i in train], [labels[i] for i in train],
            [[word_index[w] for w in tokens[i]] for i in test], [labels[i] for i in test], word_index)


def load_imdb(
    num_words: int | None = None,
    maxlen: int | None = None,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> Imdb:
    """IMDB movie-review polarity in the form of ``keras.datasets.imdb.load_data``
    (same arguments, same shuffling), from Keras's public ``imdb.npz``; where it
    cannot be downloaded, from the declared offline stand-in ``movie_reviews``.
    Prints which one was used."""
    raw = _public_or_standin("imdb", _imdb_arrays, _movie_review_arrays, "IMDB 리뷰")
    return _keras_form(raw, raw.name, num_words, maxlen, seed, start_char, oov_char, index_from)


def _keras_form(raw, name: str, num_words=None, maxlen=None, seed=113, start_char=1, oov_char=2,
                index_from=3) -> Imdb:
    """Raw arrays (word ranks from 1) and word index as :class:`Imdb`, ordered as Keras orders them."""
    x_train, y_train, x_test, y_test, word_index = raw
    x_train, y_train, x_test, y_test = _keras_imdb_order(
        x_train, y_train, x_test, y_test, num_words, maxlen, seed, start_char, oov_char, index_from
    )
    return Imdb(x_train, y_train, x_test, y_test, word_index, name, start_char, oov_char, index_from)


def _keras_imdb_order(x_train, y_train, x_test, y_test, num_words, maxlen, seed, start_char,
                      oov_char, index_from):
    """What ``keras.datasets.imdb.load_data`` does to the raw arrays: shuffle (seed),
    offsets, long-sequence filter, ``num_words`` cut."""
    import numpy as np

    rng = np.random.RandomState(seed)
    out = []
    for xs, ys in ((x_train, y_train), (x_test, y_test)):
        order = np.arange(len(xs))
        rng.shuffle(order)
        xs = [xs[i] for i in order]
        ys = [ys[i] for i in order]
        if start_char is not None:
            xs = [[start_char] + [w + index_from for w in x] for x in xs]
        elif index_from:
            xs = [[w + index_from for w in x] for x in xs]
        if maxlen:
            kept = [i for i, x in enumerate(xs) if len(x) < maxlen]
            xs, ys = [xs[i] for i in kept], [ys[i] for i in kept]
        out.append((xs, ys))
    (x_train, y_train), (x_test, y_test) = out
    if not x_train or not x_test:
        raise ValueError(f"maxlen={maxlen}보다 짧은 리뷰가 없습니다. maxlen을 늘리세요.")
    if not num_words:
        num_words = max(max(x) for x in x_train + x_test)
    if oov_char is not None:
        cut = [[w if w < num_words else oov_char for w in x] for x in x_train + x_test]
    else:
        cut = [[w for w in x if w < num_words] for x in x_train + x_test]
    return (_ragged(cut[: len(x_train)]), np.asarray(y_train, dtype="int64"),
            _ragged(cut[len(x_train) :]), np.asarray(y_test, dtype="int64"))


def _ragged(rows: list[list[int]]):
    """A 1-D object array of lists, like Keras returns (never a 2-D array)."""
    import numpy as np

    out = np.empty(len(rows), dtype=object)
    out[:] = rows
    return out


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


def load_glove_6b(limit: int | None = None):
    """Stanford's published GloVe 6B vectors (100 dimensions) as gensim ``KeyedVectors``.

    Downloaded once (134 MB, md5-verified) into the cache. ``limit`` keeps only
    the most frequent words (the file is sorted by frequency), which saves
    memory and time when a notebook needs only a vocabulary's worth.
    """
    from gensim.models import KeyedVectors

    path = ensure(REGISTRY["glove_6b_100d"].files[0])
    return KeyedVectors.load_word2vec_format(str(path), binary=False, limit=limit)


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

_NSMC = "https://raw.githubusercontent.com/e9t/nsmc/master/"
_KOR2VEC = "https://raw.githubusercontent.com/dongjun-Lee/kor2vec/master/test_dataset/"
_MR = "https://raw.githubusercontent.com/yoonkim/CNN_sentence/master/"

_COURSE = "sha256 of the public file as registered; the offline copy in shared/data has the same sha256"
_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

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
                    checksum_from="sha256 of the official file as registered by the course; not "
                    "re-downloaded here (no network). offline_sha256: the course's rebuilt copy",
                ),
                RemoteFile(
                    "nsmc/ratings_test.txt",
                    _NSMC + "ratings_test.txt",
                    "8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda",
                    4893335,
                    offline_sha256=("9e38cd711becb58814e10a6ed4734bde70e56539c53cefdd40a98ac584308b57",),
                    checksum_from="as ratings_train.txt",
                ),
            ),
            load_nsmc,
            notes="offline_sha256: the course's rebuilt copy (same format, another sample), a "
            "declared stand-in for the official files.",
        ),
        Dataset(
            "nsmc_unlabeled",
            "NSMC raw reviews outside the official files (~660K, test reviews removed)",
            "CC0 1.0",
            "https://github.com/e9t/nsmc",
            (
                RemoteFile(
                    "nsmc/reviews_unlabeled.txt.gz",
                    None,
                    None,
                    offline_sha256=("09d9c8a7de7b2331226c53bb1f7ed69c225aa647a66611766ef6fb8c9fee10f8",),
                    checksum_from="sha256 of the offline copy",
                ),
            ),
            None,
            notes="offline-only (built from the raw/ folder of e9t/nsmc; no single public file): "
            "load_korean_reviews() uses it only where NSMC cannot be downloaded.",
            standin_for="nsmc",
        ),
        Dataset(
            "text8",
            "text8, the first 10^8 characters of cleaned English Wikipedia (17M words)",
            "Wikipedia text, CC BY-SA",
            "http://mattmahoney.net/dc/textdata.html",
            (
                RemoteFile(
                    "en/text8",
                    "http://mattmahoney.net/dc/text8.zip",
                    None,
                    100_000_000,
                    extract="text8",
                    checksum_from="no published checksum: size 10^8 bytes by definition; the first "
                    "download's sha256 is recorded and enforced (trust on first use)",
                ),
            ),
            load_text8,
        ),
        Dataset(
            "en8",
            "en8, a 3.8M-word English corpus in text8's format from NLTK corpora",
            "NLTK data licenses (abc, brown, movie_reviews, state_union, inaugural, webtext)",
            "https://www.nltk.org/nltk_data/",
            (
                RemoteFile(
                    "en/en8",
                    None,
                    None,
                    offline_sha256=("1538a9e9e0575b5fde3c5fa553eebc921ff7ca362a0f66455e59ab9e9180787a",),
                    checksum_from="sha256 of the offline copy",
                ),
            ),
            load_en8,
            notes="offline-only: load_english_corpus() uses it only where text8 cannot be downloaded.",
            standin_for="text8",
        ),
        Dataset(
            "imdb",
            "Keras IMDB, 25,000 + 25,000 movie reviews as word ids (Maas et al. 2011)",
            "for research use (Large Movie Review Dataset)",
            "https://keras.io/api/datasets/imdb/",
            (
                RemoteFile(
                    "imdb/imdb.npz",
                    _KERAS + "imdb.npz",
                    "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
                    checksum_from="sha256 from Keras's source (keras.datasets.imdb.load_data)",
                ),
                RemoteFile(
                    "imdb/imdb_word_index.json",
                    _KERAS + "imdb_word_index.json",
                    None,
                    md5="bfafd718b763782e994055a2d397834f",
                    checksum_from="md5 from Keras's source (keras.datasets.imdb.get_word_index)",
                ),
            ),
            load_imdb,
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
                    checksum_from="sha256 of the offline copy",
                ),
            ),
            None,
            notes="offline-only: load_imdb() uses it only where Keras IMDB cannot be downloaded.",
            standin_for="imdb",
        ),
        Dataset(
            "glove_6b_100d",
            "GloVe 6B, 100 dimensions: 400,000 uncased words from Wikipedia 2014 + Gigaword 5 "
            "(Pennington et al. 2014; Stanford's glove.6B.100d.txt in word2vec text format, gzipped)",
            "Public Domain Dedication and License (ODC PDDL)",
            "https://nlp.stanford.edu/projects/glove/",
            (
                RemoteFile(
                    "en/glove-wiki-gigaword-100.gz",
                    "https://github.com/RaRe-Technologies/gensim-data/releases/download/"
                    "glove-wiki-gigaword-100/glove-wiki-gigaword-100.gz",
                    None,
                    134_300_434,
                    md5="40ec481866001177b8cd4cb0df92924f",
                    checksum_from="md5 and size from gensim-data's list.json (the file gensim.downloader "
                    "fetches for 'glove-wiki-gigaword-100'); Stanford publishes no checksum for glove.6B.zip",
                ),
            ),
            load_glove_6b,
            notes="134 MB instead of Stanford's 822 MB glove.6B.zip (which holds all four dimensions).",
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
                    checksum_from=_COURSE,
                ),
                RemoteFile(
                    "mr/rt-polarity.neg",
                    _MR + "rt-polarity.neg",
                    "4ace77d558c3714723843f1d65b60c01e3417b208180f0728808d76ad0eeeaca",
                    612256,
                    checksum_from=_COURSE,
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
                    checksum_from=_COURSE,
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
                    checksum_from=_COURSE,
                ),
                RemoteFile(
                    "ko_eval/kor_analogy_syntactic.txt",
                    _KOR2VEC + "kor_analogy_syntactic.txt",
                    "17748144de2a3f287f8ceef603ffe869b7ba88524914a12e18b22f9e608e7d2f",
                    38121,
                    checksum_from=_COURSE,
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
            if _exists(path):
                try:
                    verify(remote, path)
                    row.state = "ok"
                except ChecksumError:
                    row.state = "corrupt"
            rows.append(row)
    return rows


# --- IMDB (lecture 08) --------------------------------------------------------
# Keras IMDB comes from the registry (the files keras.datasets.imdb downloads,
# verified); the course's offline stand-in is en/movie_reviews.tsv (Pang & Lee
# 2004, 2,000 other IMDB reviews). The published GloVe vectors that wikidocs
# 33793 uses are registered too (``glove_6b_100d``, :func:`load_glove_6b`).


class LabelledTokens(tuple):
    """``(tokens, labels, source)``: token lists, 0/1 labels and which corpus they came from."""

    def __new__(cls, tokens: list[list[str]], labels: list[int], source: str):
        return super().__new__(cls, (tokens, labels, source))

    tokens = property(lambda self: self[0])
    labels = property(lambda self: self[1])
    source = property(lambda self: self[2])


IMDB_KERAS = "keras.datasets.imdb (25,000 훈련 / 25,000 테스트 리뷰)"
IMDB_STANDIN = "오프라인 대체본 en/movie_reviews.tsv (IMDB 리뷰 2,000개, Pang & Lee 2004; 훈련 1,500 / 테스트 500으로 나눔)"

_imdb_cache: dict[str, tuple] = {}


def _imdb_decoded(imdb: Imdb) -> tuple:
    """Both splits of ``imdb`` as token lists (word ids back to words, special ids dropped)."""

    def tokens(ids) -> list[str]:
        return _imdb_tokens(" ".join(imdb.decode(ids, special=False)))

    return ([tokens(x) for x in imdb.x_train], [int(y) for y in imdb.y_train],
            [tokens(x) for x in imdb.x_test], [int(y) for y in imdb.y_test])


def load_imdb_tokens(split: str = "train", offline_ok: bool = True) -> LabelledTokens:
    """IMDB reviews of ``split`` (``"train"`` or ``"test"``) as token lists, labels (1 positive) and source.

    The reviews of :func:`load_imdb` (Keras IMDB, in Keras's order) with their
    word ids decoded to words (``index_from=3``) and split into lowercase runs
    of letters or digits, as the words of text8 and GloVe. Where Keras IMDB
    cannot be downloaded and ``offline_ok`` is true, the offline stand-in
    ``en/movie_reviews.tsv`` (1,500 / 500); ``source`` says which one it was,
    so a notebook can print it. With ``offline_ok=False`` a failed download is
    an error instead.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split은 'train' 또는 'test'여야 합니다 (받은 값: {split!r}).")
    if "parts" not in _imdb_cache:
        if offline_ok:
            imdb = load_imdb()
        else:
            try:
                raw = _imdb_arrays()
            except DatasetMissingError as exc:
                raise DatasetMissingError(f"Keras IMDB(imdb)를 내려받지 못했습니다: {exc}") from exc
            imdb = _keras_form(raw, "imdb")
        _imdb_cache["parts"] = (_imdb_decoded(imdb), IMDB_STANDIN if imdb.standin else IMDB_KERAS)
    parts, source = _imdb_cache["parts"]
    tokens, labels = (parts[0], parts[1]) if split == "train" else (parts[2], parts[3])
    return LabelledTokens(tokens, labels, source)

