from tests.support.harness import Harness


def test_admin_adds_unit(h: Harness) -> None:
    text = h.reply("admin", "/donvi them SKHCN Sở Khoa học và Công nghệ")
    assert "SKHCN" in text
