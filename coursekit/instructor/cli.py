"""Command-line tools: ``python -m coursekit COMMAND ...`` (or ``coursekit COMMAND ...``).

Commands:
  notebooks sync|check|execute [PATHS]   header cells, exercises/, re-execution
  notebooks measure --out DIR [PATHS]    time copies in COURSEKIT_MODE (README's table)
  data status|fetch NAME                 the dataset cache
  bench ALGO --corpus PATH               coursekit vs gensim (coursekit.instructor.bench)
  grade SUBMISSIONS --out report.csv     grade student notebooks (coursekit.instructor.grading)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

PROG = "python -m coursekit"


def notebooks_command(argv: list[str]) -> int:
    """``notebooks sync|check|execute|measure``."""
    parser = argparse.ArgumentParser(prog=f"{PROG} notebooks")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("sync", help="rewrite badge/setup cells and regenerate exercises/")
    sub.add_parser("check", help="list notebooks whose header or exercise is stale")
    ex = sub.add_parser("execute", help="re-run lectures and solutions in place (quick mode)")
    ex.add_argument("paths", nargs="*", help="notebooks (default: all lectures and solutions)")
    ex.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    me = sub.add_parser("measure", help="time executed copies in COURSEKIT_MODE (README's time table)")
    me.add_argument("paths", nargs="*", help="notebooks (default: all lectures and solutions)")
    me.add_argument("--out", required=True, help="folder for the executed copies and measure.json")
    me.add_argument("--timeout", type=int, default=None, help="seconds per cell (default: none)")
    args = parser.parse_args(argv)

    from coursekit.instructor import notebooks

    if args.cmd == "sync":
        for path in notebooks.sync():
            print("갱신:", path)
        return 0
    if args.cmd == "check":
        problems = notebooks.stale()
        for line in problems:
            print(line)
        if problems:
            print("→ 'python -m coursekit notebooks sync'로 고치세요.")
        return 1 if problems else 0
    paths = args.paths or [*notebooks.notebooks("lectures"), *notebooks.notebooks("solutions")]
    if args.cmd == "measure":
        from coursekit.instructor.measure import measure_all

        results = measure_all(paths, args.out, timeout=args.timeout)
        return 0 if all(r.ok and not r.checks_failed for r in results) else 1
    from coursekit.instructor.execute import execute

    notebooks.sync()
    execute(paths, timeout=args.timeout)
    notebooks.sync()  # exercises follow the re-executed solutions
    return 0


def data_command(argv: list[str]) -> int:
    """``data status|fetch NAME``: the dataset cache (needs no instructor extra)."""
    from coursekit import datasets

    parser = argparse.ArgumentParser(prog=f"{PROG} data")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("status", help="show which registered files are in the cache")
    fetch = sub.add_parser("fetch", help="download and verify a dataset")
    fetch.add_argument("names", nargs="+", choices=sorted(datasets.REGISTRY))
    args = parser.parse_args(argv)
    print("캐시:", datasets.cache_dir())
    if args.cmd == "status":
        for row in datasets.status():
            print(f"{row.state:8s} {row.name:15s} {row.path}")
        return 0
    for name in args.names:
        for path in datasets.fetch(name):
            print("ok", path)
    return 0


def bench_command(argv: list[str]) -> int:
    """``bench ALGO --corpus PATH``: see :mod:`coursekit.instructor.bench`."""
    from coursekit.instructor import bench

    parser = argparse.ArgumentParser(
        prog=f"{PROG} bench",
        description="coursekit과 gensim을 같은 말뭉치, 같은 설정으로 학습해 속도와 품질을 비교합니다.",
    )
    parser.add_argument("algo", choices=sorted([*bench.ALGORITHMS, "glove"]),
                        help="sgns (skip-gram), cbow, fasttext 또는 glove")
    parser.add_argument("--corpus", required=True, help="텍스트 파일 (text8 형식 또는 한 줄에 한 문장)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="각 라이브러리가 쓸 CPU 스레드 수")
    parser.add_argument("--workers", type=int, default=None,
                        help="coursekit이 함께 학습할 스레드 수 (기본: --threads와 같음, gensim과 같은 코어 수)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-words", type=int, default=None, help="말뭉치 앞부분만 쓸 때 단어 수")
    parser.add_argument("--no-progress", action="store_true", help="진행 막대를 숨깁니다")
    parser.add_argument("--bucket", type=int, default=bench.FASTTEXT["bucket"],
                        help="fasttext: n-gram 해시 칸(bucket) 수")
    parser.add_argument("--intra-op-threads", type=int, default=None,
                        help="TensorFlow intra-op 스레드 수 (기본: --threads와 같음; bench/README.md 참고)")
    parser.add_argument("--batch", type=int, default=None, help="coursekit의 SGD 배치 크기 (기본: 자동)")
    parser.add_argument("--reference", choices=bench.REFERENCES, default=None,
                        help="fasttext 전용: Facebook의 원본 fastText(pip install fasttext)를 "
                             "세 번째 열로 함께 학습합니다")
    args = parser.parse_args(argv)
    if not Path(args.corpus).is_file():
        parser.error(f"말뭉치 파일이 없습니다: {args.corpus}")
    if args.reference is not None:
        if args.algo != "fasttext":
            parser.error(f"--reference {args.reference} only applies to `bench fasttext`")
        try:
            bench.import_fasttext()
        except bench.ReferenceUnavailable as error:
            parser.error(str(error))
    bench.run(args.algo, args.corpus, epochs=args.epochs, threads=args.threads,
              workers=args.workers or args.threads, seed=args.seed, max_words=args.max_words,
              progress=not args.no_progress, bucket=args.bucket,
              intra_op_threads=args.intra_op_threads, batch=args.batch, reference=args.reference)
    return 0


def grade_command(argv: list[str]) -> int:
    """``grade SUBMISSIONS``: see :mod:`coursekit.instructor.grading`."""
    from coursekit.instructor import course, grading, reports, sandbox, scoring, submissions

    parser = argparse.ArgumentParser(
        prog=f"{PROG} grade",
        description="제출된 실습 노트북을 nbval로 채점합니다 (폴더 또는 학생,링크 CSV).",
    )
    parser.add_argument("submissions", help=".ipynb 파일 폴더, 또는 (학생, 링크) CSV 파일")
    parser.add_argument("--out", default="report.csv", help="점수표 CSV (기본: report.csv)")
    parser.add_argument("--feedback", default=None,
                        help="학생별 피드백 폴더 (기본: 점수표 이름 + _feedback)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="노트북 하나의 시간 제한, 초 (기본: 600)")
    parser.add_argument("--cell-timeout", type=float, default=None,
                        help=f"셀 하나의 시간 제한, 초 (기본: --timeout의 1/{grading.CELL_FRACTION})")
    parser.add_argument("--memory", type=float, default=None,
                        help="제출물 하나가 쓸 수 있는 메모리, GB (기본: 이 컴퓨터 메모리의 80%%를 "
                             "--jobs로 나눈 값, 최대 8; 0이면 제한 없음)")
    parser.add_argument("--sandbox", choices=sandbox.KINDS, default="auto",
                        help="학생 코드를 가둘 샌드박스 (기본 auto: bubblewrap이 있으면 bwrap, 없으면 none)")
    parser.add_argument("--container-image", default=None,
                        help="--sandbox container에서 쓸 이미지 (이 Python이 같은 경로에 있어야 함)")
    parser.add_argument("--container-runtime", default=None, choices=("docker", "podman"),
                        help="컨테이너 실행기 (기본: podman, 없으면 docker)")
    parser.add_argument("--keep", choices=grading.KEEP, default="latest",
                        help="같은 학생이 같은 실습을 여러 번 냈을 때 반영할 제출물 (기본: latest)")
    parser.add_argument("--jobs", type=int, default=None,
                        help=f"동시에 채점할 노트북 수 (기본: CPU 코어 수 {grading.usable_cores()})")
    parser.add_argument("--course", default=str(course.ROOT),
                        help="채점에 쓸 강의 저장소 (solutions/가 있는 폴더, 기본: 이 저장소)")
    args = parser.parse_args(argv)

    out = Path(args.out)
    feedback = Path(args.feedback) if args.feedback else out.with_name(out.stem + "_feedback")
    try:
        subs = submissions.collect(args.submissions)
    except (OSError, ValueError) as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    if not subs:
        print(f"오류: {args.submissions}에 채점할 제출물이 없습니다.", file=sys.stderr)
        return 2
    exclude = [Path(args.submissions), out, feedback]
    home = Path(args.course).resolve()
    exclude += [p for p in {s.path.parent.resolve() for s in subs if s.path is not None}
                if p != home and p not in home.parents]  # the folders of files a CSV names
    memory = None if args.memory is None else int(args.memory * 2**30)
    try:
        box = sandbox.choose(args.sandbox, image=args.container_image,
                             runtime=args.container_runtime)
        results = grading.grade(subs, args.course, timeout=args.timeout,
                                cell_timeout=args.cell_timeout, jobs=args.jobs, exclude=exclude,
                                sandbox=box, memory=memory, keep=args.keep)
    except ValueError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("채점을 중단했습니다.", file=sys.stderr)
        return 130
    # Written once, after every job has ended (grade() returns only then).
    reports.write_report(results, out)
    reports.write_feedback(results, feedback)
    counts = {s: sum(r.status == s for r in results) for s in scoring.STATUSES}
    summary = ", ".join(f"{s} {n}" for s, n in counts.items() if n)
    print(f"제출물 {len(results)}개 채점 완료 ({summary})")
    superseded = sum(not r.counts and r.status != "skipped" for r in results)
    if superseded:
        print(f"재제출로 반영되지 않은 제출물: {superseded}개 (report.csv의 counts 열)")
    if counts.get("skipped"):
        print(f"채점하지 않은 파일: {counts['skipped']}개 (status skipped, 이유는 detail 열)")
    print(f"점수표: {out}")
    print(f"학생별 피드백: {feedback}/")
    return 0


#: Each command parses its own arguments and imports only what it needs.
COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "notebooks": notebooks_command,
    "data": data_command,
    "bench": bench_command,
    "grade": grade_command,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    return int(COMMANDS[argv[0]](argv[1:]) or 0)
