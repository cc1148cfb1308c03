"""``nqreport build``: the whole pipeline over a workspace, read → evaluate → aggregate → render → write.

Each commune is read, evaluated and rendered on its own (in a worker process when there are several
cores); the parent aggregates across communes, renders the summary and promotes everything into
outputs/. Results are taken in input order, so the bytes never depend on scheduling.

Decisions (documented in README and tested):

- A workbook with errors is skipped with its problems listed; the others build; the exit code is 1.
  With ``strict`` a workbook with warnings is skipped the same way.
- Workbooks are judged by :mod:`nqreport.validate`, the same rules as ``nqreport validate`` (two
  workbooks with the same commune code: both skipped, each error naming the other file). The rule across
  communes (a figure far outside the other communes') runs in the parent on the compact figures each worker
  sends, once all are in and before it decides what to build: under ``strict`` its warnings skip a commune
  like any other.
- Everything of a run is first written into a staging folder inside outputs/ and promoted only when
  no template failed, each file by an atomic ``os.replace``: a reader never sees half a file, and a
  template error leaves outputs/ as it was.
- Outputs of a previous run for communes not built this time are KEPT (a build never deletes): a
  ``--only`` run must not wipe the other communes, and nqreport only removes what it is sure it made.
  ``manifest.json`` lists exactly what this run produced; a skipped commune whose old report is still in
  outputs/ gets a warning saying that report is not current.
- Every report is traced (truy-vet.json in its folder, named in the manifest) and each commune built is
  compared with the state its previous trace left: outputs/thay-doi.md, staged and promoted with the rest,
  listed in the manifest without its hash (it depends on the previous build, not on the inputs alone).
  With ``review``, review copies (….kiem-tra.docx) are written too; without it, the review copies of the
  reports rebuilt are removed, since they no longer match.
- The summary (báo cáo and bảng tổng hợp) covers every commune built; a ``--only`` run does not rebuild
  it, so that regenerating one commune's report never replaces the province's summary by a summary of
  one commune. A summary of a group of communes is a workspace holding that group.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from nqreport import __version__
from nqreport.aggregate import cross_commune, display_names, provinces_of
from nqreport.board import Board, Received, make_board
from nqreport.changes import Comparison
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.config.expected import Expectation, expectation
from nqreport.config.settings import SETTINGS_FILE, Settings
from nqreport.config.workspace import display_name, skipped_spreadsheets, workspace_workbooks
from nqreport.errors import ConfigError, OutputError, Problem, Severity, TemplateError, os_reason
from nqreport.evaluate import EvaluatedIndicator
from nqreport.jobs import (
    REVIEW_SUFFIX,
    Job,
    Outcome,
    build_commune,
    commune_folder,
    matches,
    prepare_templates,
    read_part,
    review_name,
    strict_reason,
)
from nqreport.render.workbook import SummaryWorkbook, document_date
from nqreport.schema import Period
from nqreport.totals import CommuneRows, TotalsFold
from nqreport.validate import check_duplicates, check_peers
from nqreport.validate.communes import commune_code
from nqreport.validate.outliers import Peers
from nqreport.write.files import OutputRegistry, Staging, interrupts_deferred
from nqreport.write.manifest import (
    MANIFEST_NAME,
    FileRecord,
    manifest_chunks,
    manifest_dict,
    relative_name,
    sha256_file,
)
from nqreport.write.tracefile import CHANGES_NAME, TRACE_FORMAT, TRACE_NAME, write_trace

logger = logging.getLogger(__name__)

SUMMARY_DIR = "tong-hop"
SUMMARY_REPORT = "bao-cao-tong-hop.docx"
SUMMARY_WORKBOOK = "tong-hop.xlsx"

#: Added to a template error that stops a build.
CHECK_HINT = "Báo cáo chưa được lập; xem mọi lỗi của mẫu và cách sửa bằng lệnh: nqreport check"

#: Called after each commune with (communes done, communes in all): the CLI's progress bar.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """What the command line may change; ``None``/empty means "as the settings say"."""

    period: Period | None = None
    #: Commune codes or names to build (all when empty).
    only: tuple[str, ...] = ()
    #: Worker processes; ``None`` means one per core, 1 builds in this process.
    jobs: int | None = None
    pdf: bool = False
    strict: bool = False
    #: Also write a review copy of each report, every figure with a Word comment naming its cells.
    review: bool = False


@dataclass(frozen=True)
class BuiltCommune:
    code: str
    name: str
    file: str
    outputs: tuple[Path, ...]
    #: False when one of its files could not replace the previous one (open in Word, a folder in the way).
    complete: bool = True


@dataclass(frozen=True)
class BuildResult:
    built: tuple[BuiltCommune, ...]
    #: (workbook as named in messages, reason in Vietnamese)
    skipped: tuple[tuple[str, str], ...]
    #: Every file written by this run, manifest included, as absolute paths.
    outputs: tuple[Path, ...]
    problems: tuple[Problem, ...]
    seconds: float
    strict: bool = False
    outputs_dir: str = "outputs"
    summary_built: bool = False
    pdf_count: int = 0
    #: Files that could not replace the previous ones (as named in problems): outputs/ still holds the old.
    unwritten: tuple[str, ...] = ()
    #: Seconds spent per stage, summed over workers (read, evaluate, render, write, …): for -v and the
    #: benchmark, never for the manifest.
    timings: dict[str, float] = field(default_factory=dict)
    #: Ctrl+C came once the outputs were being promoted: they are whole and new, the run just says so.
    stopped: bool = False
    #: Each commune built, its figures and verdicts against the previous build's (outputs/thay-doi.md).
    comparisons: tuple[Comparison, ...] = ()
    #: outputs/thay-doi.md as named in messages, when written.
    changes_file: str = ""

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def exit_code(self) -> int:
        failed = bool(self.skipped) or self.errors > 0 or (self.strict and self.warnings > 0)
        return 1 if failed else 0

    def is_skipped(self, file: str) -> bool:
        return any(file == skipped for skipped, _ in self.skipped)


# --------------------------------------------------------------------------- the run


def build(settings: Settings, options: BuildOptions, *, log: Callable[[str], None] | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build every report of the workspace into outputs/.

    Bad workbooks are reported in the result (their communes skipped), never raised. Raises
    :class:`~nqreport.errors.NqError` only for what stops the whole run: no workbook, a missing or broken
    template, LibreOffice missing with ``pdf``, outputs/ not writable.
    """
    started = time.perf_counter()
    say = log or logger.info
    if any(not term.strip() for term in options.only):
        raise ConfigError('--only: chưa ghi xã nào; hãy ghi mã xã (ví dụ --only 06004) hoặc tên xã (ví dụ --only '
                          '"Quốc Khánh") ngay sau --only')
    # Not a workspace at all (the command run in the wrong folder) is told first: it explains the rest.
    workbooks = workspace_workbooks(settings)
    catalog = load_catalog(settings.catalog_path)
    expect = expectation(settings)
    templates = _templates(settings)
    soffice = None
    if options.pdf:
        from nqreport.write.pdf import require_soffice

        soffice = require_soffice()
    period = options.period or settings.period
    period_from = period_source(settings, options)
    outputs_dir = settings.outputs_path
    try:
        with Staging(outputs_dir) as staging:
            jobs = [
                Job(index, path, display_name(path, settings.root), staging.path / f"{index:05d}", settings,
                    catalog, period, options.only, options.strict, templates[0], templates[1], expect,
                    review=options.review, period_source=period_from)
                for index, path in enumerate(workbooks)
            ]
            # The templates are prepared here, before any worker starts: a template error stops the run at
            # once, and workers forked from this process start with the templates compiled.
            prepare_templates(templates[:2])
            peers = Peers()
            timings: dict[str, float] = {}
            outcomes = _run_jobs(jobs, options, progress, peers, timings)
            del jobs  # a country's 3,321 jobs are not needed past this point
            run = _Run(settings, options, staging, workbooks, outcomes, say, expect, peers, timings)
            run.problems += skipped_spreadsheets([settings.inputs_path], settings.root)
            return run.finish(catalog, templates, soffice, started)
    except TemplateError as exc:
        # Rendering stops at a template's first error; the check lists them all, with their fixes. The
        # reports of an earlier run stay in outputs/: each is named as not current.
        stale = [*exc.problems, *_stale_reports(settings)]
        if CHECK_HINT in exc.message:
            raise TemplateError(exc.message, tuple(stale)) from exc
        raise TemplateError(f"{exc.message.rstrip('. ')}. {CHECK_HINT}", tuple(stale)) from exc


def _stale_reports(settings: Settings) -> list[Problem]:
    """The folders of an earlier build a stopped build leaves as they were, each as a warning."""
    outputs = settings.outputs_path
    if not outputs.is_dir():
        return []
    folders = sorted(p for p in outputs.iterdir() if p.is_dir() and not p.name.startswith(".")
                     and any(p.iterdir()))
    return [Problem(relative_name(folder, settings.root), "", "", Severity.WARNING,
                    "vẫn là báo cáo của lần chạy trước, KHÔNG được cập nhật lần này; đừng dùng trước khi sửa mẫu "
                    "và chạy lại") for folder in folders]


def period_source(settings: Settings, options: BuildOptions) -> str:
    """Where the period was set when not by each workbook, as traces name it."""
    if options.period:
        return "--period"
    return f"{SETTINGS_FILE} › period" if settings.period else ""


def _templates(settings: Settings) -> tuple[Path, Path, Path]:
    names = (settings.templates.commune, settings.templates.appendix, settings.templates.summary)
    paths = tuple(settings.templates_path / name for name in names)
    missing = [p for p in paths if not p.is_file()]
    if missing:
        folder = display_name(settings.templates_path, settings.root)
        saved_as = [other for p in missing for other in _other_formats(p)]
        hint = "".join(f". Có tệp {display_name(other, settings.root)}: hãy mở bằng Word rồi lưu lại dạng Word "
                       f"Document (.docx) với tên {other.stem}.docx" for other in saved_as)
        raise TemplateError(f"Không tìm thấy mẫu Word: {', '.join(display_name(p, settings.root) for p in missing)}"
                            f"{hint}. Hãy chép mẫu mặc định vào {folder}/ (nqreport init tạo sẵn) hoặc sửa mục "
                            f"[templates] trong {SETTINGS_FILE}")
    return paths[0], paths[1], paths[2]


#: A template saved by Word or LibreOffice in a format docxtpl cannot fill.
_OTHER_TEMPLATE_FORMATS = (".doc", ".dotx", ".dot", ".docm", ".odt", ".rtf")


def _other_formats(path: Path) -> list[Path]:
    """The template saved under another extension next to where it was expected (bao-cao-xa.doc)."""
    return [other for suffix in _OTHER_TEMPLATE_FORMATS if (other := path.with_suffix(suffix)).is_file()]


#: Below this many workbooks a build runs in one process: starting workers costs more than it saves
#: (benchmarks/bench_build.py --threshold measures it).
ONE_PROCESS_BELOW = 8


def _workers(options: BuildOptions, count: int) -> int:
    if options.jobs is None and count < ONE_PROCESS_BELOW:
        return 1
    wanted = options.jobs if options.jobs is not None else (os.cpu_count() or 1)
    if os.name == "nt":
        wanted = min(wanted, 61)  # ProcessPoolExecutor's limit on Windows
    return max(1, min(wanted, count))


def pool_shape(options: BuildOptions, count: int) -> tuple[int, int]:
    """The worker processes for ``count`` workbooks, and how many jobs each is handed at a time."""
    workers = _workers(options, count)
    return workers, max(1, min(8, count // (workers * 8)))


def _worker_start() -> None:
    """Ctrl+C reaches every process of the console; only the parent acts on it (stops the pool, removes
    the staging folder, says so in one line). A worker that took it too would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_jobs(jobs: list[Job], options: BuildOptions, progress: Progress | None, peers: Peers,
              timings: dict[str, float]) -> list[Outcome]:
    """Outcomes in input order, their figures folded into ``peers`` and their stage times into ``timings``
    as they arrive (so that the parent never holds every commune's figures as objects). Stops at the first
    template error: every commune uses the same template."""
    workers, chunk = pool_shape(options, len(jobs))
    outcomes: list[Outcome] = []
    with ExitStack() as stack:
        results: Iterator[Outcome]
        if workers == 1:
            results = map(build_commune, jobs)
        else:
            executor = stack.enter_context(ProcessPoolExecutor(max_workers=workers, initializer=_worker_start))
            results = executor.map(build_commune, jobs, chunksize=chunk)
            stack.callback(executor.shutdown, wait=True, cancel_futures=True)
        for outcome in results:
            peers.add(outcome.index, outcome.name, outcome.figures)
            for stage, seconds in outcome.timings:
                timings[stage] = timings.get(stage, 0.0) + seconds
            outcomes.append(replace(outcome, figures=None, timings=()))
            if progress is not None:
                progress(len(outcomes), len(jobs))
            if outcome.template_error is not None:
                raise outcome.template_error
    return outcomes


class _Run:
    """The parent's share: duplicates, the summary, PDFs, promotion and the manifest."""

    def __init__(self, settings: Settings, options: BuildOptions, staging: Staging, workbooks: list[Path],
                 outcomes: list[Outcome], say: Callable[[str], None], expect: Expectation, peers: Peers,
                 timings: dict[str, float]) -> None:
        self.settings = settings
        self.peers = peers
        self.expect = expect
        self.options = options
        self.staging = staging
        self.workbooks = workbooks
        self.outcomes = outcomes
        self.say = say
        self.problems: list[Problem] = []
        self.skipped: list[tuple[str, str]] = []
        self.stale_reviews: list[Path] = []
        #: Seconds per stage, the workers' summed (as their outcomes arrived), then the parent's.
        self.timings = timings

    def finish(self, catalog: Catalog, templates: tuple[Path, Path, Path], soffice: Path | None,
               started: float) -> BuildResult:
        clock = time.perf_counter
        selected = [o for o in self.outcomes if o.selected]
        self._check_only(selected)
        duplicates = check_duplicates([o.result for o in selected if o.result is not None])
        # Every workbook's figures make the reference, those of the communes not selected by --only included:
        # the same as nqreport validate's.
        far = check_peers([o.result for o in self.outcomes], self.peers)
        built: list[Outcome] = []
        for outcome in selected:
            self.problems.extend(outcome.all_problems())
            reason = duplicates.get(outcome.name) or self._strict(outcome, far) or outcome.skip_reason
            if reason is not None or outcome.line is None:
                self.skipped.append((outcome.name, reason or "không lập được"))
                self._note_stale(outcome)
            else:
                built.append(outcome)
        registry = OutputRegistry(self.workbooks)
        moves: list[tuple[Path, Path]] = []
        records: list[FileRecord] = []
        built_items: list[BuiltCommune] = []
        for outcome in built:
            assert outcome.line is not None
            commune = outcome.line.commune
            folder = self.settings.outputs_path / commune_folder(commune.code, commune.name)
            finals: list[Path] = []
            for name, record in outcome.staged:
                final = registry.claim(folder / name, outcome.name)
                moves.append((self.staging.path / f"{outcome.index:05d}" / name, final))
                records.append(FileRecord(self._rel(final), record.sha256, record.size))
                finals.append(final)
            built_items.append(BuiltCommune(commune.code, commune.name, outcome.name, tuple(finals)))
            logger.info("%s → %s/", outcome.name, self._rel(folder))
            if not self.options.review:
                # only those that are there: a country's would be 6,642 paths kept to the end, for none
                for name, _ in outcome.staged:
                    review = folder / review_name(name)
                    if name.endswith(".docx") and os.path.lexists(review):
                        self.stale_reviews.append(review)
        lines = [o.line for o in built if o.line is not None]
        summary_built = False
        if lines and self.options.only:
            self.say("--only: giữ nguyên báo cáo tổng hợp cũ; báo cáo tổng hợp chỉ lập khi chạy cho mọi xã")
        elif lines:
            start = clock()
            summary_dir = self.settings.outputs_path / SUMMARY_DIR
            for name, staged in self._summary(built, catalog, templates[2]):
                final = registry.claim(summary_dir / name, "tổng hợp")
                moves.append((staged, final))
                records.append(FileRecord(self._rel(final), sha256_file(staged), staged.stat().st_size))
            self.timings["summary"] = clock() - start
            summary_built = True
            if not self.options.review:
                self.stale_reviews.append(summary_dir / review_name(SUMMARY_REPORT))
        comparisons = tuple(o.comparison for o in built if o.comparison is not None)
        changes_path = None
        if built:
            from nqreport.wording.changes import changes_markdown

            changes_path = registry.claim(self.settings.outputs_path / CHANGES_NAME, CHANGES_NAME)
            staged_changes = self.staging.path / CHANGES_NAME
            text = changes_markdown(comparisons, self._folder(self.settings.outputs_path), only=bool(self.options.only))
            staged_changes.write_bytes(text.encode("utf-8"))
            moves.append((staged_changes, changes_path))
            # Listed without its hash: it compares with the previous build, so the same inputs do not always
            # give the same file, and the manifest must (docs/lap-bao-cao.md).
            records.append(FileRecord(self._rel(changes_path), "", 0, role="changes", hashed=False))
        when = document_date(lines)
        pdf_count = 0
        if soffice is not None:
            start = clock()
            pdf_moves = self._pdfs(moves, soffice, when, registry)
            self.timings["pdf"] = clock() - start
            for staged, final in pdf_moves:
                records.append(FileRecord(self._rel(final), sha256_file(staged), staged.stat().st_size))
            moves.extend(pdf_moves)
            pdf_count = len(pdf_moves)
        manifest_path = registry.claim(self.settings.outputs_path / MANIFEST_NAME, MANIFEST_NAME)
        with interrupts_deferred(reraise=False) as stopped:
            result = self._commit(moves, records, built_items, manifest_path, templates, summary_built, pdf_count,
                                  started)
        # Ctrl+C while the files moved into place: the build is whole and says so, it is not undone
        return replace(result, stopped=bool(stopped), comparisons=comparisons,
                       changes_file=self._rel(changes_path) if changes_path is not None and changes_path in
                       result.outputs else "")

    def _commit(self, moves: list[tuple[Path, Path]], records: list[FileRecord], built_items: list[BuiltCommune],
                manifest_path: Path, templates: tuple[Path, Path, Path], summary_built: bool, pdf_count: int,
                started: float) -> BuildResult:
        """Promotion and the manifest: all of it or, when interrupted before it starts, none of it."""
        clock = time.perf_counter
        start = clock()
        inputs = self._inputs(templates)
        earlier = list(self.problems)
        summary_dir = self.settings.outputs_path / SUMMARY_DIR
        summary_trace = self._rel(summary_dir / TRACE_NAME)

        def after(failed: dict[Path, str]) -> tuple[list[Problem], list[FileRecord], list[BuiltCommune]]:
            """The run as it stands when the files in ``failed`` could not replace the previous ones."""
            problems = [*earlier, *(Problem(self._rel(final), "", "", Severity.ERROR,
                                            f"không thay được tệp này bằng bản mới: {reason}")
                                    for final, reason in failed.items())]
            gone = {self._rel(f) for f in failed}
            kept = [r for r in records if r.path not in gone]
            items = [replace(b, outputs=tuple(p for p in b.outputs if p not in failed),
                             complete=not any(p in failed for p in b.outputs)) for b in built_items]
            return problems, kept, items

        def manifest_for(failed: dict[Path, str]) -> Iterator[bytes]:
            problems, kept, items = after(failed)
            return manifest_chunks(manifest_dict(
                version=__version__,
                options={
                    "period": self.options.period.value if self.options.period else (
                        self.settings.period.value if self.settings.period else None),
                    "only": list(self.options.only),
                    "strict": self.options.strict,
                    "pdf": self.options.pdf,
                    "review": self.options.review,
                },
                inputs=inputs,
                outputs=kept,
                built=[self._built_item(b) for b in items],
                skipped=self.skipped,
                problems=problems,
                traces={"summary_trace": summary_trace if any(r.path == summary_trace for r in kept) else None,
                        "changes": next((r.path for r in kept if r.role == "changes"), None)},
            ))

        failed = dict(self.staging.promote(moves, manifest_path, manifest_for))
        self._remove_stale_reviews()
        self.problems, records, built_items = after(failed)
        if failed:
            moves = [(staged, final) for staged, final in moves if final not in failed]
            summary_built = summary_built and not any(f.parent == summary_dir for f in failed)
            pdf_count -= sum(f.suffix == ".pdf" for f in failed)
        self.timings["promote"] = clock() - start
        return BuildResult(built=tuple(built_items), skipped=tuple(self.skipped),
                           outputs=(*(final for _, final in moves), manifest_path),
                           problems=tuple(self.problems), seconds=time.perf_counter() - started,
                           strict=self.options.strict, outputs_dir=self._folder(self.settings.outputs_path),
                           summary_built=summary_built, pdf_count=pdf_count,
                           unwritten=tuple(self._rel(f) for f in failed), timings=self.timings)

    def _rel(self, path: Path) -> str:
        return relative_name(path, self.settings.root)

    def _built_item(self, built: BuiltCommune) -> dict[str, Any]:
        outputs = [self._rel(p) for p in built.outputs]
        trace = next((rel for p, rel in zip(built.outputs, outputs, strict=True) if p.name == TRACE_NAME), None)
        return {"code": built.code, "name": built.name, "file": built.file, "outputs": outputs, "trace": trace}

    def _remove_stale_reviews(self) -> None:
        """Review copies of reports rebuilt without --review: they hold the previous figures, and nqreport
        made them (their names are its own, in folders of its own), so they go."""
        for path in self.stale_reviews:
            try:
                if path.is_file():
                    path.unlink()
            except OSError as exc:
                self.problems.append(Problem(self._rel(path), "", "", Severity.WARNING,
                                             f"bản kiểm tra cũ này không xóa được ({os_reason(exc)}); nó không còn "
                                             "khớp với báo cáo mới, đừng dùng"))

    def _folder(self, path: Path) -> str:
        """A folder as the closing line names it: relative inside the workspace, in full elsewhere (its
        last part alone would send the user looking in the wrong place)."""
        shown = display_name(path, self.settings.root)
        return shown if (self.settings.root / shown).resolve() == path.resolve() else str(path)

    def _strict(self, outcome: Outcome, far: Mapping[str, int]) -> str | None:
        """Under --strict, why a workbook with no error is skipped once the rule across communes has warned
        about it (counting its other warnings too, which its worker may have skipped it for already)."""
        result = outcome.result
        if not self.options.strict or outcome.name not in far or result is None or not result.ok:
            return None
        return strict_reason(result.problems)

    def _check_only(self, selected: list[Outcome]) -> None:
        for term in self.options.only:
            if not any(matches(term, o.data, self.workbooks[o.index]) for o in selected):
                unreadable = [o.name for o in self.outcomes if o.data is None]
                hint = f" (không đọc được: {', '.join(unreadable)})" if unreadable else ""
                self.problems.append(Problem(
                    "--only", "", "", Severity.ERROR,
                    f"không có xã nào có mã hoặc tên \"{term}\" trong "
                    f"{display_name(self.settings.inputs_path, self.settings.root)}/{hint}; "
                    "hãy ghi mã 5 chữ số (ví dụ 06004) hoặc tên xã như trong sổ chỉ tiêu"))

    def _note_stale(self, outcome: Outcome) -> None:
        if outcome.data is None or not self.settings.outputs_path.is_dir():
            return
        code = outcome.data.commune.code
        if not (code.isascii() and code.isdigit()):
            return  # a malformed code (the workbook's own error) names no folder of ours
        for folder in sorted(self.settings.outputs_path.glob(f"{code}-*")):
            if folder.is_dir() and any(folder.iterdir()):
                self.problems.append(Problem(
                    outcome.name, "", "", Severity.WARNING,
                    f"{self._rel(folder)}/ vẫn còn báo cáo của lần chạy trước, KHÔNG được cập nhật lần này; "
                    "đừng dùng báo cáo đó trước khi sửa lỗi và chạy lại"))

    def _summary(self, built: list[Outcome], catalog: Catalog, template: Path) -> list[tuple[str, Path]]:
        """The summary workbook and report, staged. Each commune's part is read back from its worker's
        folder in turn: its indicator rows go to the workbook as they come, its catalog indicators into
        the totals, so that memory does not grow with the communes (a country's summary needs about what a
        province's does)."""
        from nqreport.render.context import summary_context
        from nqreport.render.document import render
        from nqreport.render.summary_sources import SummarySources
        from nqreport.render.trace import Tracer, trace_record

        lines = [o.line for o in built if o.line is not None]
        names = display_names(lines)
        folders = {line.commune.code: self.staging.path / f"{o.index:05d}" for o, line in zip(built, lines, strict=True)}
        grouped = len(provinces_of(lines)) > 1  # as CrossCommune.by_province: the report groups by province
        kept: dict[str, Sequence[EvaluatedIndicator]] = {}
        cross = cross_commune(lines, names, (), _NotMetOnDisk(folders) if grouped else kept)
        folder = self.staging.path / SUMMARY_DIR
        folder.mkdir(parents=True, exist_ok=True)
        skipped = tuple(self.skipped)
        board = self._board()
        book = SummaryWorkbook(folder / SUMMARY_WORKBOOK, cross, skipped, self.settings.evaluation, board)
        fold = TotalsFold(catalog, self.settings.evaluation)
        catalog_file = self.settings.catalog_path
        sources = SummarySources(catalog, self._rel(catalog_file) if catalog_file is not None else
                                 "danh mục chỉ tiêu mặc định của nqreport")
        for outcome, line, name in zip(built, lines, names, strict=True):
            part = read_part(folders[line.commune.code])
            book.add_rows(part.rows)
            fold.add(CommuneRows(name, line.commune.code, line.period, part.catalog))
            sources.add(line, name, outcome.name, part.sheet, part.catalog)
            if not grouped:
                kept[line.commune.code] = part.not_met
        cross = replace(cross, totals=fold.totals())
        book.close(cross.totals)
        del book  # xlsxwriter keeps every row's height until the workbook goes: 20 MB for a country
        tracer = Tracer()
        context = summary_context(cross, self.settings, skipped, board, tracer, sources,
                                  period_source(self.settings, self.options))
        rendered = render(template, context, keep_marks=self.options.review)
        (folder / SUMMARY_REPORT).write_bytes(rendered.data)
        report = self._rel(self.settings.outputs_path / SUMMARY_DIR / SUMMARY_REPORT)
        trace = {"trace_format": TRACE_FORMAT, "summary": {"communes": len(lines)},
                 **trace_record([(report, rendered.paragraphs)], tracer)}
        write_trace(folder / TRACE_NAME, trace)
        made = [(SUMMARY_REPORT, folder / SUMMARY_REPORT), (SUMMARY_WORKBOOK, folder / SUMMARY_WORKBOOK),
                (TRACE_NAME, folder / TRACE_NAME)]
        if self.options.review:
            from nqreport.render.review import review_docx

            review = review_name(SUMMARY_REPORT)
            (folder / review).write_bytes(review_docx(rendered, tracer))
            made.append((review, folder / review))
        return made

    def _board(self) -> Board | None:
        """The submission board ``nqreport status`` shows, when the workspace names the communes it expects;
        without the files' times, which are not part of the inputs (a copy or a checkout changes them): the
        same inputs give the same bytes."""
        if self.expect.codes is None:
            return None
        received = []
        for outcome in self.outcomes:
            path = self.workbooks[outcome.index]
            if outcome.result is None:  # the worker failed: a bug, already an error of its own
                received.append(Received(outcome.name, None, "", None, None, 1, 0))
            else:
                received.append(Received.of(outcome.result, commune_code(outcome.result, path, self.settings.root), None))
        return make_board(self.expect.units(), received, self.expect.source)

    def _pdfs(self, moves: list[tuple[Path, Path]], soffice: Path, when: datetime,
              registry: OutputRegistry) -> list[tuple[Path, Path]]:
        from nqreport.write.pdf import convert_to_pdf

        pairs = [(staged, final) for staged, final in moves
                 if staged.suffix == ".docx" and not staged.stem.endswith(REVIEW_SUFFIX)]
        if not pairs:
            return []
        self.say(f"Đang xuất {len(pairs)} bản PDF bằng LibreOffice…")
        jobs = [(staged, staged.with_suffix(".pdf")) for staged, _ in pairs]
        try:
            convert_to_pdf(jobs, soffice=soffice, when=when, parallel=_workers(self.options, len(jobs)))
        except OutputError as exc:
            self.problems.append(Problem("PDF", "", "", Severity.ERROR, exc.message))
        result = []
        for (_, final), (_, pdf) in zip(pairs, jobs, strict=True):
            if pdf.is_file():
                result.append((pdf, registry.claim(final.with_suffix(".pdf"), str(final))))
        return result

    def _inputs(self, templates: tuple[Path, Path, Path]) -> list[FileRecord]:
        """Every file the outputs depend on: workbooks in reading order, then settings, catalog, templates."""
        records = [o.input for o in self.outcomes]
        extra: list[tuple[Path, str]] = []
        settings_file = self.settings.root / SETTINGS_FILE
        if settings_file.is_file():
            extra.append((settings_file, "settings"))
        if self.settings.catalog_path is not None:
            extra.append((self.settings.catalog_path, "catalog"))
        extra.extend((path, "template") for path in dict.fromkeys(templates))
        for path, role in extra:
            records.append(FileRecord(self._rel(path), sha256_file(path), path.stat().st_size, role=role))
        return records


class _NotMetOnDisk(Mapping[str, Sequence[EvaluatedIndicator]]):
    """Each commune's indicators not met, read from its part when a template asks (a country-wide summary
    groups communes by province and does not)."""

    def __init__(self, folders: dict[str, Path]) -> None:
        self.folders = folders

    def __getitem__(self, code: str) -> Sequence[EvaluatedIndicator]:
        return read_part(self.folders[code]).not_met

    def __iter__(self) -> Iterator[str]:
        return iter(self.folders)

    def __len__(self) -> int:
        return len(self.folders)
