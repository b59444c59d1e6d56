"""Console stories of what a new user hit (issue 12), as a newcomer types them into the
demo: a real process, its transcript read as a person reads it."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import monday_morning, run

STORY = [
    "/giao SKHCN | Lập kế hoạch chuyển đổi số năm 2099 | 10/02/2099",
    "/giao SKHCN | Lập kế hoạch chuyển đổi số năm 2099 | 10/02/2099",  # sent twice
    "không",
    "/donvi them SNV2 Sở Nội vụ mới",
    "/giao SNV2 | Rà soát biên chế | 10/02/2099",  # nobody there to remind
    "/huynv 19",  # no reason
    "/nhacnho SKHCN 5d,abc",
    "/tiendo tháng nọ",
    "/trogiup giao",
    "/as skhcn",
    "#19 60% xong",  # a part is not the whole
    "nhầm",  # and taken back
    "/as admin",
    "/tiendo SKHCN",
]


def test_a_new_users_session_reads_right(tmp_path: Path) -> None:
    env = monday_morning(tmp_path)
    result = run(["console", "--demo"], cwd=tmp_path, stdin="\n".join(STORY) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    # The transcript shows what was typed, after the prompt.
    assert "[admin]> /huynv 19\n" in out and "[skhcn]> #19 60% xong\n" in out
    # The same /giao twice asks, and "không" leaves one task.
    assert "Nhiệm vụ này đã có\n#19 · SKHCN · Lập kế hoạch chuyển đổi số năm 2099" in out
    assert "Đã giao nhiệm vụ #20: Rà soát biên chế" in out  # #20, not #21: nothing doubled
    assert "SNV2 chưa có thành viên hay nhóm nào nhận tin của bot" in out
    assert "Hãy nêu lý do hủy nhiệm vụ #19" in out
    assert "Lịch nhắc «5d,abc» không hợp lệ: không đọc được «abc»" in out
    assert "cannot" not in out and "DONDOC_" not in out
    assert "«tháng nọ» không phải một đơn vị hay một kỳ mà bot biết" in out
    assert "/giao ĐƠN_VỊ | NỘI_DUNG | HẠN" in out  # the help of one command
    # 60% is recorded as 60%, not as done; then withdrawn by its author.
    assert "Đã ghi nhận #19 (SKHCN): 60%" in out
    assert "Hoàn thành đúng hạn" not in out.split("[skhcn]> #19 60% xong")[1].split("[")[0]
    table = out.split("[admin]> /tiendo SKHCN")[1]
    # The withdrawn report was all #19 had: it is not started again, and nothing is done.
    line = next(x for x in table.splitlines() if x.startswith("Sở Khoa học và Công nghệ"))
    assert line.startswith("Sở Khoa học và Công nghệ (SKHCN): 6 nhiệm vụ — 4 chưa thực hiện")
    assert "hoàn thành" not in line
