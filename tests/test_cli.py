"""The `dondoc` command as a newcomer runs it: a real process, real files, stdin scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from storage.migrate import MIGRATIONS

DONDOC = [sys.executable, "-m", "bot.cli"]


ROOT = Path(__file__).resolve().parent.parent


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment without the bot's settings (a newcomer's shell), plus EXTRA."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DONDOC_", "TELEGRAM_", "ZALO_")) and k != "DATABASE_URL"
    }
    base.pop("PYTHONDEVMODE", None)  # development mode shows tracebacks on purpose
    return {**base, "PYTHONPATH": str(ROOT), **(extra or {})}


def run(
    args: list[str], *, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DONDOC, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(env),
        timeout=120,
    )


def test_entry_point_is_installed() -> None:
    assert (Path(sys.executable).parent / "dondoc").exists()


def test_console_script_persists_in_the_working_directory(tmp_path: Path) -> None:
    first = run(
        ["console"],
        cwd=tmp_path,
        stdin=(
            "/donvi them SKHCN Sở Khoa học và Công nghệ\n"
            "/giao SKHCN | Xây dựng kế hoạch chuyển đổi số | 10/02/2099\n"
        ),
    )
    assert first.returncode == 0, first.stderr
    assert "Đã giao nhiệm vụ #1: Xây dựng kế hoạch chuyển đổi số" in first.stdout
    assert "Hạn: Thứ Ba, 10/02/2099" in first.stdout
    assert (tmp_path / "dondoc.sqlite3").exists()
    second = run(["console"], cwd=tmp_path, stdin="/nhiemvu SKHCN\n")
    assert "#1 · Xây dựng kế hoạch chuyển đổi số" in second.stdout


def test_console_on_the_configured_database(tmp_path: Path, db_url: str) -> None:
    result = run(
        ["console"],
        cwd=tmp_path,
        stdin="/donvi them STTTT Sở Thông tin và Truyền thông\n/donvi\n",
        env={"DATABASE_URL": db_url},
    )
    assert result.returncode == 0, result.stderr
    assert "• STTTT — Sở Thông tin và Truyền thông" in result.stdout


def monday_morning(folder: Path) -> dict[str, str]:
    """The environment of a console whose clock says Monday 07/12/2026, 9h in Hà Nội: the
    demo's overdue notices are due at once, and the test never reads the wall clock."""
    (folder / "now").write_text("2026-12-07T09:00:00+07:00")
    return {"DONDOC_CLOCK_FILE": str(folder / "now")}


def test_console_demo_plays_admin_and_officials(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/as skhcn",
            "/nhiemvu",
            "/baocao 1 Đã trình dự thảo quyết định thành lập Ban Chỉ đạo",
            "/as svhttdl",
            "/baocao 1 thử",
            "/as admin",
            "/lichsu 1",
            "/tiendo",
        ]
    )
    env = monday_morning(tmp_path)
    result = run(["console", "--demo"], cwd=tmp_path, stdin=script + "\n", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Dữ liệu mẫu: 13 đơn vị, 3 văn bản, 18 nhiệm vụ")
    # The overdue work's notices reach its official (who is the one typing by then).
    assert "Quá hạn 56 ngày: #1" in out.split("[skhcn]> /nhiemvu")[1]
    assert "Nhiệm vụ đang mở — SKHCN" in out
    assert "Đã lưu ghi chú #1 (SKHCN): «Đã trình dự thảo quyết định" in out
    assert "Không có nhiệm vụ #1 trong các nhiệm vụ bạn theo dõi" in out
    assert "Nguyễn Văn An: Đã trình dự thảo quyết định" in out
    assert "Tiến độ mọi đơn vị" in out
    # The demo never writes to the working directory's database.
    assert not (tmp_path / "dondoc.sqlite3").exists()


def test_messages_to_others_are_printed_with_their_recipient(tmp_path: Path) -> None:
    script = "/as skhcn\n/giahan 1 31/12/2099 Chờ kinh phí\n"
    result = run(["console", "--demo"], cwd=tmp_path, stdin=script, env=monday_morning(tmp_path))
    assert "→ admin:\n   Đề nghị gia hạn từ Nguyễn Văn An" in result.stdout


def test_start_without_token_opens_the_console(tmp_path: Path) -> None:
    result = run(["start"], cwd=tmp_path, stdin="/trogiup\n")
    assert result.returncode == 0, result.stderr
    assert "Đôn đốc — trợ giúp" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11h ngày 12/5/2025", "2025-05-12T11:00"),
        ("chậm nhất trước 11 giờ 00 phút, ngày 12/5/2025", "2025-05-12T11:00"),
        ("thứ hai tuần sau", "2025-03-10"),
        ("quý II/2025", "2025-06-30"),
    ],
)
def test_date_prints_iso(tmp_path: Path, text: str, expected: str) -> None:
    result = run(["date", "--now", "2025-03-05T09:30", text], cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, expected)


def test_date_that_is_not_one_exits_1_with_the_bots_message(tmp_path: Path) -> None:
    result = run(["date", "--now", "2025-03-05T09:30", "xin chào"], cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "Chưa đọc được ngày từ «xin chào»" in result.stderr
    impossible = run(["date", "--now", "2025-03-05T09:30", "29/02/2025"], cwd=tmp_path)
    assert impossible.returncode == 1 and "không có thật" in impossible.stderr


def test_date_with_a_bad_now(tmp_path: Path) -> None:
    result = run(["date", "--now", "hôm qua", "12/5"], cwd=tmp_path)
    assert result.returncode == 2 and "ISO 8601" in result.stderr


def test_db_upgrade(tmp_path: Path) -> None:
    result = run(["db", "upgrade"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert f"database at revision {head}" in result.stdout


@pytest.mark.parametrize(
    ("env", "lang", "said"),
    [
        ({"DONDOC_ADMINS": "admin"}, "vi", "dondoc: DONDOC_ADMINS không dùng được: «admin»"),
        (
            {"DONDOC_REMIND_BEFORE": "7x"},
            "vi",
            "dondoc: DONDOC_REMIND_BEFORE=«7x» không dùng được: không đọc được «7x»",
        ),
        (
            {"DONDOC_LANGUAGE": "en", "DONDOC_WORKDAYS": "fri-mon"},
            "en",
            "dondoc: DONDOC_WORKDAYS=«fri-mon» cannot be used: the range «fri-mon» runs back",
        ),
        # A language the bot does not speak is refused in Vietnamese.
        ({"DONDOC_LANGUAGE": "fr"}, "vi", "dondoc: DONDOC_LANGUAGE=«fr» không dùng được"),
    ],
)
def test_bad_setting_is_said_by_its_template(
    tmp_path: Path, env: dict[str, str], lang: str, said: str
) -> None:
    """The settings_invalid template, in DONDOC_LANGUAGE when that one is readable: the
    variable, what is wrong with it, and an example of the right form."""
    from bot.settings import SettingsError, load_settings
    from messages import Renderer

    result = run(["console"], cwd=tmp_path, env=env)
    assert result.returncode == 2 and result.stdout == ""
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    expected = Renderer().render("settings_invalid", caught.value.values(), lang)
    assert result.stderr == expected + "\n"
    assert result.stderr.startswith(said)
    name = caught.value.name
    assert f"\n{'Ví dụ' if lang == 'vi' else 'Example'}: {name}=" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_said_clearly(tmp_path: Path) -> None:
    url = "postgresql://dondoc:secret@127.0.0.1:1/dondoc"
    result = run(["console"], cwd=tmp_path, stdin="/trogiup\n", env={"DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.startswith("dondoc: không mở được cơ sở dữ liệu postgresql")
    assert "DATABASE_URL=postgresql://" in result.stderr  # what a right one looks like
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_console_sends_a_letter_to_import(tmp_path: Path) -> None:
    """/tep PATH in the console is a file sent to the bot: an admin's letter becomes a
    proposal, accepted with one command."""
    letter = Path(__file__).parent / "data" / "corpus" / "documents" / "binh-dinh-412-UBND-VX.txt"
    script = "\n".join(
        [
            "/donvi them SKHCN Sở Khoa học và Công nghệ",
            "/donvi them STTTT Sở Thông tin và Truyền thông",
            f"/tep {letter}",
            "/tep khong-co.docx",
            "/nhapvanban giao",  # refused: the letter's deadline (10/02/2025) has passed
            "/nhapvanban sua 1 han 10/02/2099",
            "/nhapvanban sua 2 han 10/02/2099",
            "/nhapvanban giao",
            "/nhiemvu SKHCN",
        ]
    )
    result = run(["console"], cwd=tmp_path, stdin=script + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "412/UBND-VX" in out and "Sở Khoa học và Công nghệ" in out
    assert "Không thấy tệp «khong-co.docx»" in out
    assert "hạn đã qua: /nhapvanban sua 1 han NGÀY" in out
    assert "#1" in out and "#2" in out and "Tham mưu, đề xuất thành lập Ban Chỉ đạo" in out
