"""The message layer: every template rendered with realistic values, in both languages and
both formats, compared with golden files; plus the checks that keep templates and code in
step (every name the code uses exists, every template has samples) and the escaping rules.

Update the golden files after a deliberate wording change with

    DONDOC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_messages.py

then read the diff before committing it. Nothing here touches the database or the clock.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import meta

from messages.render import FORMATS, LANGUAGES, TEMPLATES, Renderer, examples
from storage.status import ALL_STATUSES
from tests.message_samples import DEFAULT, PLAN, SAMPLES, all_samples, golden_name

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "messages"
UPDATE = os.environ.get("DONDOC_UPDATE_GOLDEN") == "1"

RENDERER = Renderer()
# The recipients' date in every sample (the conversation tests' Monday): usage examples
# are dated from it.
TODAY = date(2026, 1, 5)
CASES = all_samples()
CASE_IDS = [golden_name(t, s) for t, s, _ in CASES]

# Template bugs found by these tests and not fixed yet: (check, template) -> why. Each is a
# strict xfail, so the fix makes the test fail until its line here is deleted.
KNOWN_ISSUES: dict[tuple[str, str], str] = {
}  # fmt: skip


def cases(check: str) -> list[Any]:
    """CASES as pytest params, with the known issues of CHECK marked."""
    params = []
    for (template, sample, values), case_id in zip(CASES, CASE_IDS, strict=True):
        reason = KNOWN_ISSUES.get((check, template))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(template, sample, values, id=case_id, marks=marks))
    return params


def golden_path(lang: str, fmt: str, template: str, sample: str) -> Path:
    return GOLDEN / lang / fmt / f"{golden_name(template, sample)}.txt"


# --- 1. golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("template", "sample", "values"), CASES, ids=CASE_IDS)
def test_golden(template: str, sample: str, values: dict[str, Any], lang: str, fmt: str) -> None:
    rendered = RENDERER.render(template, values, lang, fmt, today=TODAY) + "\n"
    path = golden_path(lang, fmt, template, sample)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != rendered:
            path.write_text(rendered, encoding="utf-8")
        return
    assert path.exists(), (
        f"no golden file {path.relative_to(ROOT)}; create it with DONDOC_UPDATE_GOLDEN=1"
    )
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected, (
        f"{template} ({sample}, {lang}, {fmt}) differs from {path.relative_to(ROOT)}; "
        "if the change is deliberate, rerun with DONDOC_UPDATE_GOLDEN=1 and review the diff"
    )


def test_no_stale_golden_files() -> None:
    """A golden file without a sample (a template or sample renamed or removed) goes."""
    wanted = {
        golden_path(lang, fmt, t, s) for t, s, _ in CASES for lang in LANGUAGES for fmt in FORMATS
    }
    stale = sorted(p for p in GOLDEN.rglob("*.txt") if p not in wanted)
    if UPDATE:
        for path in stale:
            path.unlink()
        return
    assert not stale, (
        "golden files without a sample (delete them, or rerun with "
        "DONDOC_UPDATE_GOLDEN=1): " + ", ".join(str(p.relative_to(GOLDEN)) for p in stale)
    )


# --- 2. samples and template files ---------------------------------------------------------


def test_every_template_has_samples() -> None:
    names = set(RENDERER.names("vi"))
    missing = sorted(names - SAMPLES.keys())
    assert not missing, (
        "templates without sample values in tests/message_samples.py (add a SAMPLES entry "
        f"with at least a {DEFAULT!r} sample): {', '.join(missing)}"
    )
    unknown = sorted(SAMPLES.keys() - names)
    assert not unknown, f"samples for templates that do not exist: {', '.join(unknown)}"
    no_default = sorted(t for t, by_name in SAMPLES.items() if DEFAULT not in by_name)
    assert not no_default, f"templates without a {DEFAULT!r} sample: {', '.join(no_default)}"


def test_languages_have_the_same_template_files() -> None:
    files = {lang: {p.name for p in (TEMPLATES / lang).glob("*.j2")} for lang in LANGUAGES}
    vi = files["vi"]
    for lang, found in files.items():
        assert found == vi, (
            f"{lang} and vi differ: only in {lang}: {sorted(found - vi)}, "
            f"only in vi: {sorted(vi - found)}"
        )
    assert RENDERER.names("en") == RENDERER.names("vi")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", sorted(SAMPLES))
def test_samples_give_every_value_the_template_reads(template: str, lang: str) -> None:
    """Each sample defines every top-level name the template reads, so a golden file never
    hides a branch behind a missing value (StrictUndefined would fail only when reached)."""
    env = Renderer._environment(lang, "text")  # the real filters, so the source compiles
    source = (TEMPLATES / lang / f"{template}.j2").read_text(encoding="utf-8")
    needed = meta.find_undeclared_variables(env.parse(source))
    for sample, values in SAMPLES[template].items():
        missing = needed - values.keys() - examples(TODAY).keys()
        assert not missing, f"{template} ({sample}) lacks {sorted(missing)}"


def test_samples_cover_every_status() -> None:
    seen: set[str] = set()

    def walk(value: Any) -> Iterator[dict[str, Any]]:
        if isinstance(value, dict):
            if "status" in value and "unit_code" in value:
                yield value
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    for _, _, values in CASES:
        for view in walk(values):
            assert view["status"] in ALL_STATUSES, view
            seen.add(view["status"])
    assert seen == set(ALL_STATUSES)


# --- 3. every template name the code uses exists -------------------------------------------

# Where the template name is in a call: the callee's name -> the argument's position (a
# keyword argument `template=` or `label_template=` is found too).
TEMPLATE_ARGUMENT = {
    "reply": 0,  # ctx.reply("name", ...)
    "UserError": 0,  # raise UserError("name", ...)
    "notify_admins": 0,  # ctx.notify_admins("name", ...)
    "notify_committee": 0,  # ctx.notify_committee("name", ...)
    "_send_to_groups": 1,  # Context._send_to_groups(groups, "name", ...)
    "admin_notices": 2,  # admin_notices(session, now, "name", values)
    "admins": 2,  # the sending side's AdminNotices port: admins(session, now, "name", values)
    "Button": 0,  # Button("name", command)
    "render": 0,  # renderer.render("name", values, lang)
    "notify_units": 1,  # ctx.notify_units(unit_ids, "name", ...)
    "notify_person": 1,  # ctx.notify_person(person, "name", ...)
    "Outgoing": 1,  # Outgoing(to, "name", values)
    "send": 2,  # ctx.send(address, lang, "name", ...)
    "read_scope": 2,  # read_scope(ctx, text, "usage name"), which hands it on to:
    "_period": 3,
    "period_refusal": 2,  # period_refusal(error, command, "usage name")
    "_member": 3,  # leaders._member(ctx, unit, text, "usage name")
    "_console_says": 0,  # ConsoleChannel._console_says("name", values)
    "_gathered": 2,
    "_send_to_account": 2,  # Context._send_to_account(account, person, "name", ...)
    "_reply": 3,  # Bot._reply(message, lang, now, "name", values)
    "_tell_unit": 2,  # manage._tell_unit(ctx, a, "name", ...)
    "_number": 1,  # manage._number(args, "usage_name") raises UserError(usage_name)
    "_number_or_reply": 2,  # official._number_or_reply(ctx, args, "usage_name")
}
# f-strings that build a name, and every suffix they can take.
DYNAMIC = {
    "date_": ("not_a_date", "impossible", "past"),  # bot.reading.dates.DateErrorKind
    "assign_ask_": ("lead", "task", "due", "result"),  # bot.commands.assign.ASKED
}
# Attributes (or, in an outbox row, keys) that carry a name chosen by a call scanned
# elsewhere (Outgoing.template, Button.label_template, UserError.template).
CARRIED = ("template", "label_template")


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _template_argument(call: ast.Call) -> ast.expr | None:
    name = _callee(call)
    if name not in TEMPLATE_ARGUMENT:
        return None
    for keyword in call.keywords:
        if keyword.arg in ("template", "label_template"):
            return keyword.value
    index = TEMPLATE_ARGUMENT[name]
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[index]
    return None


def _names_in(node: ast.expr) -> tuple[set[str], list[str]]:
    """(template names NODE can evaluate to, the parts that are not literal names)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}, []
    if isinstance(node, ast.IfExp):
        a, bad_a = _names_in(node.body)
        b, bad_b = _names_in(node.orelse)
        return a | b, bad_a + bad_b
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        prefix = first.value if isinstance(first, ast.Constant) else ""
        if prefix in DYNAMIC and len(node.values) == 2:
            return {prefix + suffix for suffix in DYNAMIC[prefix]}, []
        return set(), [f"f-string {ast.unparse(node)}"]
    return set(), [ast.unparse(node)]


class _Scan(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.functions: list[tuple[str, set[str]]] = []  # (name, parameters)
        self.found: dict[str, list[str]] = {}  # name -> where
        self.unread: list[str] = []
        # Module-level tables of template names: TEMPLATES = {kind: "name", ...}
        self.tables: dict[str, set[str]] = {}

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        if (
            not self.functions
            and isinstance(value, ast.Dict)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and value.values
            and all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values)
        ):
            self.tables[node.targets[0].id] = {v.value for v in value.values}  # type: ignore[union-attr]
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
        self.functions.append((node.name, params))
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _forwarded(self, expression: str) -> bool:
        """A parameter passed on by a function whose own callers are scanned."""
        if not self.functions:
            return False
        name, params = self.functions[-1]
        return name in TEMPLATE_ARGUMENT and expression in params

    def visit_Call(self, node: ast.Call) -> None:
        argument = _template_argument(node)
        if argument is not None:
            table = (
                argument.value.id
                if isinstance(argument, ast.Subscript) and isinstance(argument.value, ast.Name)
                else None
            )
            if table in self.tables:
                names, unread = set(self.tables[table]), []
            else:
                names, unread = _names_in(argument)
            where = f"{self.path}:{node.lineno}"
            for name in names:
                self.found.setdefault(name, []).append(where)
            for expression in unread:
                carried = (expression.rpartition(".")[2] in CARRIED and "." in expression) or any(
                    expression.endswith(f"['{key}']") for key in CARRIED
                )
                if not carried and not self._forwarded(expression):
                    enclosing = self.functions[-1][0] if self.functions else "<module>"
                    self.unread.append(f"{where} in {enclosing}(): {expression}")
        self.generic_visit(node)


def scan_code() -> tuple[dict[str, list[str]], list[str]]:
    found: dict[str, list[str]] = {}
    unread: list[str] = []
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "scheduler").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        scan = _Scan(rel)
        scan.visit(ast.parse(path.read_text(encoding="utf-8"), filename=rel))
        for name, where in scan.found.items():
            found.setdefault(name, []).extend(where)
        unread += scan.unread
    return found, unread


def test_every_template_name_in_the_code_exists() -> None:
    found, _ = scan_code()
    # A lower bound so that a broken scan cannot pass by finding nothing.
    assert len(found) >= 100, f"the scan found only {len(found)} template names: {sorted(found)}"
    for lang in LANGUAGES:
        existing = set(RENDERER.names(lang))
        missing = {name: where for name, where in found.items() if name not in existing}
        assert not missing, f"templates used by the code but missing in {lang}: " + "; ".join(
            f"{name} ({', '.join(where)})" for name, where in sorted(missing.items())
        )


def test_template_names_in_the_code_can_be_read() -> None:
    """A name the scan cannot read (a variable, a new f-string) would escape the test above:
    pass a literal, or add the forwarding function or the f-string's suffixes here."""
    _, unread = scan_code()
    assert not unread, "template names the scan cannot check:\n" + "\n".join(unread)


def test_scan_finds_the_known_kinds_of_call() -> None:
    found, _ = scan_code()
    for name in (
        "welcome",  # ctx.reply
        "unit_unknown",  # UserError in bot/services/unit_names.py
        "task_new",  # ctx.notify_units
        "member_joined",  # ctx.notify_admins
        "you_were_removed",  # ctx.notify_person
        "button_confirm",  # Button
        "task_changed",  # _tell_unit
        "edit_usage",  # _number
        "internal_error",  # Bot._reply
        "console_intro",  # renderer.render
        "nothing_to_cancel",  # the else of a conditional
        "date_past",  # f"date_{kind}"
        "assign_ask_result",  # f"assign_ask_{missing}"
    ):
        assert name in found, f"the scan missed {name}"


# --- 4. HTML escaping ----------------------------------------------------------------------

HOSTILE_UNIT = "<Phòng A&B>"
HOSTILE_TASK = 'Báo cáo <b>gấp</b> & "đúng hạn"'


def _hostile_task_new() -> dict[str, Any]:
    a = PLAN | {
        "task": HOSTILE_TASK,
        "unit_name": HOSTILE_UNIT,
        "unit_code": "PA&B",
        "supports": [HOSTILE_UNIT],
    }
    return {"a": a, "supporting": False}


def _hostile_units_list() -> dict[str, Any]:
    return {
        "units": [{"code": "PA&B", "name": HOSTILE_UNIT, "aliases": ["<A&B>"], "archived": False}]
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_escapes_values_but_keeps_template_tags(lang: str) -> None:
    html = RENDERER.render("task_new", _hostile_task_new(), lang, "html", today=TODAY)
    assert "&lt;Phòng A&amp;B&gt;" in html
    assert "<Phòng" not in html
    assert "Báo cáo &lt;b&gt;gấp&lt;/b&gt; &amp; &#34;đúng hạn&#34;" in html
    assert "<b>gấp</b>" not in html
    assert "PA&amp;B" in html
    heading = "Nhiệm vụ mới" if lang == "vi" else "New assignment"
    assert f"<b>{heading}</b>" in html
    assert "<b>" in html and "</b>" in html

    units = RENDERER.render("units_list", _hostile_units_list(), lang, "html", today=TODAY)
    assert "&lt;Phòng A&amp;B&gt;" in units
    assert "<Phòng" not in units
    assert "<b>PA&amp;B</b>" in units
    assert "&lt;A&amp;B&gt;" in units


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_keeps_values_as_typed(lang: str) -> None:
    text = RENDERER.render("task_new", _hostile_task_new(), lang, "text", today=TODAY)
    assert HOSTILE_UNIT in text
    assert HOSTILE_TASK in text
    assert "&amp;" not in text and "&lt;" not in text and "&#34;" not in text
    units = RENDERER.render("units_list", _hostile_units_list(), lang, "text", today=TODAY)
    assert HOSTILE_UNIT in units and "PA&B" in units and "<A&B>" in units
    assert "<b>" not in units


ALLOWED_TAG = re.compile(r"</?(?:b|i|code|pre)>")
ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#34|#39);")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("template", "sample", "values"), cases("html"))
def test_html_is_valid_for_telegram(
    template: str, sample: str, values: dict[str, Any], lang: str
) -> None:
    """Telegram's HTML mode refuses the whole message for an unknown tag, an unbalanced
    tag or a bare "&" / "<"; only b, i, code and pre are used."""
    html = RENDERER.render(template, values, lang, "html", today=TODAY)
    stack: list[str] = []
    for match in re.finditer(r"<[^>]*>", html):
        tag = match.group()
        assert ALLOWED_TAG.fullmatch(tag), f"unexpected tag {tag!r} in {html!r}"
        name = tag.strip("</>")
        if tag.startswith("</"):
            assert stack and stack.pop() == name, f"unbalanced {tag!r} in {html!r}"
        else:
            stack.append(name)
    assert not stack, f"unclosed {stack} in {html!r}"
    bare = ALLOWED_TAG.sub("", html)
    assert "<" not in bare and ">" not in bare
    assert "&" not in ENTITY.sub("", bare), f"a bare & in {html!r}"


# --- 5. StrictUndefined --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_values_raise(lang: str, fmt: str) -> None:
    with pytest.raises(jinja2.UndefinedError):
        RENDERER.render("task_not_found", {}, lang, fmt, today=TODAY)
    with pytest.raises(jinja2.UndefinedError):
        RENDERER.render("task_new", {"supporting": False}, lang, fmt, today=TODAY)
    # A missing key inside a value, read by a macro.
    a = {k: v for k, v in PLAN.items() if k != "unit_name"}
    with pytest.raises(jinja2.UndefinedError):
        RENDERER.render("task_new", {"a": a, "supporting": False}, lang, fmt, today=TODAY)
    # A value only tested in an {% if %} must be given too.
    with pytest.raises(jinja2.UndefinedError):
        RENDERER.render("task_cancelled_notice", {"a": PLAN}, lang, fmt, today=TODAY)
    # A missing value in a loop over a list.
    with pytest.raises(jinja2.UndefinedError):
        RENDERER.render("report_which", {"tasks": [PLAN], "held": []}, lang, fmt, today=TODAY)


# --- 6. the shape of every message ---------------------------------------------------------


def _source(lang: str, template: str) -> str:
    """The template's text with the macros and includes every template may use."""
    folder = TEMPLATES / lang
    return "".join(
        (folder / name).read_text(encoding="utf-8")
        for name in (f"{template}.j2", "_macros.j2", "_action.j2")
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("template", "sample", "values"), CASES, ids=CASE_IDS)
def test_text_shape(template: str, sample: str, values: dict[str, Any], lang: str) -> None:
    text = RENDERER.render(template, values, lang, "text", today=TODAY)
    assert text, "empty message"
    for line in text.splitlines():
        assert len(line) <= 400, f"a line of {len(line)} characters: {line[:80]}…"
        assert line == line.rstrip(), f"trailing spaces in {line!r}"
    assert "\n\n\n\n" not in text, f"three blank lines in a row:\n{text}"
    # "None" only where the template itself says it ("None: send "-"."), never a value.
    assert text.count("None") <= _source(lang, template).count("None"), f"a None:\n{text}"
    assert "Undefined" not in text
    assert "<b>" not in text and "&amp;" not in text, "HTML in the text format"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("template", "sample", "values"), cases("blank_lines"))
def test_no_double_blank_lines(
    template: str, sample: str, values: dict[str, Any], lang: str, fmt: str
) -> None:
    """Stricter than the above: one blank line at most between paragraphs."""
    text = RENDERER.render(template, values, lang, fmt, today=TODAY)
    assert "\n\n\n" not in text, f"two blank lines in a row:\n{text}"


_TAGS_ONLY = re.compile(r"^\s*(\{%.*?%\}\s*)*$")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_line_is_glued_to_the_next(lang: str) -> None:
    """A line that prints something and ends in a block tag loses its newline (trim_blocks):
    "/start 7KQ2M9XA{% endif %}" then "Dùng một lần" reads as one code. Such a line is the
    last, or a blank line follows it (the way this project writes "keep the newline")."""
    glued = []
    for path in sorted((TEMPLATES / lang).glob("*.j2")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines[:-1], start=1):
            ends_in_tag = line.rstrip().endswith("%}") and not line.rstrip().endswith("-%}")
            if ends_in_tag and not _TAGS_ONLY.match(line) and lines[number].strip():
                glued.append(f"{path.name}:{number}: {line}")
    assert not glued, "\n".join(glued)
