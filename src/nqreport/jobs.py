"""One commune's share of a build: read and check its workbook, evaluate it, render its report and
appendix into a staging folder with their trace (truy-vet.json: the source of every figure printed, and
the commune's state) and, with --review, their review copies; compare that state with the one the
previous build left in outputs/. Runs in a worker process when there are several cores, so everything
here crosses a process boundary: a :class:`Job` in, an :class:`Outcome` back.
"""

from __future__ import annotations

import logging
import pickle
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nqreport.aggregate import CommuneLine, commune_line, evaluate_commune, not_met
from nqreport.changes import Comparison
from nqreport.config.catalog import Catalog
from nqreport.config.expected import Expectation
from nqreport.config.settings import Settings
from nqreport.config.workspace import link_refusal
from nqreport.errors import Problem, Severity, TemplateError
from nqreport.evaluate import EvaluatedIndicator
from nqreport.model import CommuneData, ReadResult
from nqreport.schema import Period
from nqreport.text import match_key, slug, strip_accents
from nqreport.validate.outliers import CommuneFigures
from nqreport.write.manifest import FileRecord, relative_name, sha256_bytes, sha256_file
from nqreport.write.tracefile import TRACE_FORMAT, TRACE_NAME, previous_state, trace_bytes

logger = logging.getLogger(__name__)

#: File names inside a commune's folder.
COMMUNE_REPORT = "bao-cao.docx"
COMMUNE_APPENDIX = "phu-luc.docx"
#: What a review copy adds to the name of its report (bao-cao.kiem-tra.docx).
REVIEW_SUFFIX = ".kiem-tra"


def review_name(name: str) -> str:
    """``bao-cao.docx`` → ``bao-cao.kiem-tra.docx``: next to the official copy, and said to be the
    checker's copy wherever it is sent."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}{REVIEW_SUFFIX}{dot}{suffix}"
#: A commune's share of the summary, left by the worker in its staging folder (never promoted).
SUMMARY_PART = "tong-hop.part"
#: The cells of the commune sheet the summary names: the code (the rule across workbooks), and the year,
#: period and cut-off date its figures are traced to.
_SUMMARY_REFS = frozenset({"code", "year", "period", "cutoff"})


@dataclass(frozen=True)
class Job:
    """Everything a worker needs for one workbook (picklable: it crosses to a worker process)."""

    index: int
    path: Path
    name: str
    staging: Path
    settings: Settings
    catalog: Catalog
    period: Period | None
    only: tuple[str, ...]
    strict: bool
    commune_template: Path
    appendix_template: Path
    #: The communes the workspace expects (read once by the parent, the same for every job).
    expect: Expectation | None = None
    #: Make the review copies (every figure with a comment naming its cells).
    review: bool = False
    #: Where the period was set when not by the workbook ("--period", "nqreport.toml › period").
    period_source: str = ""


@dataclass(frozen=True)
class Outcome:
    index: int
    name: str
    input: FileRecord
    selected: bool = True
    #: The commune's line of the summary, when its report was made.
    line: CommuneLine | None = None
    #: Problems of the run itself (an unexpected failure), beyond the workbook's own.
    problems: tuple[Problem, ...] = ()
    #: (file name inside the job's staging folder, record with its size and hash)
    staged: tuple[tuple[str, FileRecord], ...] = ()
    #: Why the commune was not built (None when built or not selected).
    skip_reason: str | None = None
    template_error: TemplateError | None = None
    timings: tuple[tuple[str, float], ...] = ()
    #: The workbook as read and checked, without its indicators: the rules across workbooks need it.
    result: ReadResult | None = None
    #: Its catalog figures for the rule across communes (the parent folds them into its ``Peers`` as they
    #: arrive and keeps the outcome without them).
    figures: CommuneFigures | None = None
    #: Its figures and verdicts against those of the previous build (when built).
    comparison: Comparison | None = None

    @property
    def data(self) -> CommuneData | None:
        return self.result.data if self.result is not None else None

    def all_problems(self) -> list[Problem]:
        return [*(self.result.problems if self.result is not None else ()), *self.problems]


@dataclass(frozen=True)
class SummaryPart:
    """What the summary needs of a commune beyond its line, kept on disk until the parent reads it back
    (in the order of the communes, once all are built): its catalog indicators for the totals, its
    indicators not met, and its rows of the summary workbook's indicator sheet."""

    catalog: tuple[EvaluatedIndicator, ...]
    not_met: tuple[EvaluatedIndicator, ...]
    rows: tuple[tuple[Any, ...], ...]
    #: The indicator sheet's name as the workbook spells it (counts across communes name it).
    sheet: str = ""


def strict_reason(problems: Sequence[Problem]) -> str | None:
    """Why ``--strict`` skips a workbook with these problems and no error (None: it has no warning)."""
    warnings = sum(not p.is_error for p in problems)
    return f"{warnings} cảnh báo, --strict coi là lỗi" if warnings else None


def read_part(folder: Path) -> SummaryPart:
    """The part a worker left in ``folder`` (this run's own staging folder)."""
    part = pickle.loads((folder / SUMMARY_PART).read_bytes())
    assert isinstance(part, SummaryPart)
    return part


def commune_folder(code: str, name: str) -> str:
    """``06004-quoc-khanh``: the code makes it unique (names are not), the slug keeps it a plain folder
    name whatever the workbook holds (no separator, no "..")."""
    return f"{slug(code)}-{slug(name)}"


def selected(data: CommuneData | None, path: Path, only: Sequence[str]) -> bool:
    if not only:
        return True
    return any(matches(term, data, path) for term in only)


def _fold(text: str) -> str:
    return match_key(strip_accents(text))


def matches(term: str, data: CommuneData | None, path: Path) -> bool:
    """``--only`` takes a code ("06004"), a name with or without accents ("Quốc Khánh", "quoc khanh",
    "xã Quốc Khánh") or the output folder name ("06004-quoc-khanh")."""
    wanted = match_key(term)
    if data is None:
        # An unreadable workbook has no code or name: match its file name, so that its errors are shown.
        return bool(wanted) and slug(term) in slug(path.stem)
    commune = data.commune
    if wanted == match_key(commune.code) or slug(term) == commune_folder(commune.code, commune.name):
        return True
    return _fold(term) in {_fold(commune.name), _fold(commune.full_name)}


def _input_record(path: Path, name: str, root: Path) -> FileRecord:
    """The workbook as the manifest lists it; a link the reader refuses is not read here either (a link to a
    device would never end)."""
    try:
        if link_refusal(path, root) is None:
            return FileRecord(name, sha256_file(path), path.stat().st_size, role="workbook")
    except OSError:
        pass
    return FileRecord(name, "", 0, role="workbook")


def prepare_templates(templates: Sequence[Path]) -> None:
    """Load everything a commune's job needs and compile its templates, once, in this process."""
    from nqreport.changes import compare  # noqa: F401  (loaded now, not in every worker)
    from nqreport.render.context import commune_context  # noqa: F401
    from nqreport.render.document import prepare
    from nqreport.render.workbook import indicator_rows  # noqa: F401
    from nqreport.validate import validate_workbook  # noqa: F401

    for template in templates:
        prepare(template)


def build_commune(job: Job) -> Outcome:
    """Read, evaluate and render one commune into the job's staging folder. Never raises: a template
    error is handed back for the parent to stop the run, and a bug skips this commune only."""
    try:
        return _build_one(job)
    except Exception as exc:
        logger.debug("%s", traceback.format_exc())
        reason = f"lỗi không mong đợi khi lập báo cáo ({exc!r}); hãy báo cho người phát triển"
        problem = Problem(job.name, "", "", Severity.ERROR,
                          f"{reason}, kèm sổ này và những gì lệnh nqreport -vv build -j 1 in ra")
        return Outcome(job.index, job.name, _input_record(job.path, job.name, job.settings.root), problems=(problem,),
                        skip_reason=reason)


def _build_one(job: Job) -> Outcome:
    from nqreport.changes import commune_state, compare
    from nqreport.render.context import commune_context
    from nqreport.render.document import render
    from nqreport.render.trace import Tracer, trace_record
    from nqreport.render.workbook import indicator_rows
    from nqreport.validate import validate_workbook
    from nqreport.validate.outliers import commune_figures

    clock = time.perf_counter
    timings: list[tuple[str, float]] = []
    start = clock()
    record = _input_record(job.path, job.name, job.settings.root)
    result = validate_workbook(job.path, job.catalog, name=job.name, year=job.settings.year, expect=job.expect,
                               root=job.settings.root)
    timings.append(("read", clock() - start))
    # The rows were for the rules, the indicators are in the report: the parent needs the commune only,
    # without what only its own report prints (signer, recipients…), and of its cells only the code's (for
    # the rule across workbooks): a kilobyte per commune instead of five, and the parent holds one per
    # commune of the country.
    light = None
    if result.data is not None:
        commune = result.data.commune
        commune = replace(commune, refs=tuple(ref for ref in commune.refs if ref[0] in _SUMMARY_REFS), recipients=(),
                          issuing_body="", resolution_number="", resolution_session="", report_number="",
                          place="", signer_authority="", signer_title="", signer="")
        light = replace(result.data, commune=commune, indicators=(), assessments=())
    base = Outcome(job.index, job.name, record, result=replace(result, rows=(), data=light),
                   figures=commune_figures(result, job.catalog))
    if not selected(result.data, job.path, job.only):
        return _replace(base, selected=False, timings=tuple(timings))
    if result.data is None or not result.ok:
        errors = sum(p.is_error for p in result.problems)
        reason = f"{errors} lỗi" if errors else "không đọc được"
        return _replace(base, skip_reason=reason, timings=tuple(timings))
    strict = strict_reason(result.problems) if job.strict else None
    if strict is not None:
        return _replace(base, skip_reason=strict, timings=tuple(timings))
    try:
        start = clock()
        report = evaluate_commune(result.data, job.period, job.settings.evaluation)
        timings.append(("evaluate", clock() - start))
        start = clock()
        tracer = Tracer()
        context = commune_context(report, job.settings, tracer, job.period_source)
        timings.append(("context", clock() - start))
        start = clock()
        rendered = (
            (COMMUNE_REPORT, render(job.commune_template, context, keep_marks=job.review)),
            (COMMUNE_APPENDIX, render(job.appendix_template, context, keep_marks=job.review)),
        )
        timings.append(("render", clock() - start))
    except TemplateError as exc:
        return _replace(base, template_error=exc, timings=tuple(timings))
    start = clock()
    commune = result.data.commune
    folder = job.settings.outputs_path / commune_folder(commune.code, commune.name)
    state = commune_state(report, job.period_source)
    trace = {
        "trace_format": TRACE_FORMAT,
        "commune": {"code": commune.code, "name": commune.name, "workbook": job.name},
        **trace_record([(relative_name(folder / name, job.settings.root), document.paragraphs)
                        for name, document in rendered], tracer),
        "state": state,
    }
    documents = [(name, document.data) for name, document in rendered]
    documents.append((TRACE_NAME, trace_bytes(trace)))
    comparison = compare(previous_state(job.settings.outputs_path, folder.name, commune.code), state)
    timings.append(("trace", clock() - start))
    if job.review:
        from nqreport.render.review import review_docx

        start = clock()
        documents += [(review_name(name), review_docx(document, tracer)) for name, document in rendered]
        timings.append(("review", clock() - start))
    start = clock()
    job.staging.mkdir(parents=True, exist_ok=True)
    staged = []
    for name, data in documents:
        (job.staging / name).write_bytes(data)
        staged.append((name, FileRecord(name, sha256_bytes(data), len(data))))
    timings.append(("write", clock() - start))
    if not job.only:  # a --only run keeps the old summary
        start = clock()
        sheet = next((i.indicator.source.sheet for i in report.indicators if i.indicator.source is not None), "")
        part = SummaryPart(tuple(i for i in report.indicators if job.catalog.get(i.indicator.code) is not None),
                           not_met(report), tuple(indicator_rows(report, job.settings.evaluation)), sheet)
        (job.staging / SUMMARY_PART).write_bytes(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        timings.append(("summary rows", clock() - start))
    assert light is not None
    line = replace(commune_line(report), commune=light.commune)  # one commune object, pickled once
    return _replace(base, line=line, staged=tuple(staged), timings=tuple(timings), comparison=comparison)


def _replace(outcome: Outcome, **changes: Any) -> Outcome:
    return replace(outcome, **changes)
