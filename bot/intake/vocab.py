"""The words of Vietnamese administrative letters that the extractor reads by.

Entries are written in lower case with their marks and matched against a word's `key`:
its lower-case form, tone marks placed the modern way ("uỷ" -> "ủy"). Marks matter
here: folded, "giáo" (Ban Tuyên giáo) is "giao" (assign) and "tải" (Giao thông vận tải)
is "tại" (at). A document typed without marks is read against the folded entries instead
(`Vocabulary(marked=False)`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from storage.keys import fold

Phrase = tuple[str, ...]


# Old-style tone placement at a syllable's end: "hoá", "uỷ" are "hóa", "ủy" (but "quý": the
# u of "qu" is part of the consonant).
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_TONE_OF = {ch: unicodedata.normalize("NFD", ch)[1] for ch in "àáảãạèéẻẽẹỳýỷỹỵ"}


def _modern(m: re.Match[str]) -> str:
    vowel, marked = m[1], m[2]
    mark = _TONE_OF[marked.lower()]
    base = unicodedata.normalize("NFD", marked)[0]
    return unicodedata.normalize("NFC", vowel + mark) + base


def word_key(text: str) -> str:
    """A word or phrase in lower case with modern tone placement: "Uỷ" -> "ủy"."""
    return _OLD_TONE.sub(_modern, unicodedata.normalize("NFC", text)).lower()


def is_marked(text: str) -> bool:
    """Whether TEXT was typed with Vietnamese marks (most letters of a Vietnamese text
    that has them carry one every few words)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    marked = sum(1 for c in letters if not c.isascii())
    return marked / len(letters) > 0.03


# A word (with joined parts: "KH&CN", "57-NQ/TW") or one punctuation mark.
TOKEN = re.compile(r"[^\W_]+(?:[&./'’\-][^\W_]+)*|[^\w\s]")


def _phrases(*items: str) -> frozenset[Phrase]:
    return frozenset(tuple(TOKEN.findall(item)) for item in items)


# The nouns a unit's name starts with. Multi-word heads name a unit on their own
# ("Công an tỉnh"); a one-word head needs a capitalised word after it ("Sở Y tế"), else
# "Ban hành" or "Hội nghị" would be units.
MULTI_HEADS = _phrases(
    "ủy ban nhân dân", "ủy ban mặt trận tổ quốc", "ủy ban", "hội đồng nhân dân", "hội đồng",
    "văn phòng", "trung tâm", "chi cục", "tổng cục", "công an", "kho bạc", "thanh tra",
    "đại học", "học viện", "bệnh viện", "ngân hàng", "bảo hiểm", "mặt trận", "liên đoàn",
    "liên minh", "công ty", "tổng công ty", "tòa án", "viện kiểm sát", "chi nhánh", "đảng ủy",
    "đảng đoàn", "tỉnh ủy", "thành ủy", "huyện ủy", "thị ủy", "quận ủy", "tỉnh đoàn",
    "thành đoàn", "huyện đoàn", "bộ chỉ huy", "bộ đội", "ban cán sự", "hải quan",
    "vườn quốc gia", "hạt kiểm lâm", "cảng vụ", "ban chỉ đạo", "ban quản lý", "đoàn đại biểu",
    "tổ đảng", "chi bộ", "đảng bộ",
)  # fmt: skip
SINGLE_HEADS = frozenset(
    ("sở", "ban", "bộ", "cục", "vụ", "phòng", "hội", "đoàn", "viện", "trường", "báo", "đài",
     "khu", "tổ", "nhóm", "quỹ", "đội", "tòa")
)  # fmt: skip
# Abbreviations that are units on their own ("UBND tỉnh", "BCĐ 57").
ABBREVIATION_HEADS = frozenset(
    ("ubnd", "hđnd", "ubmttq", "mttq", "bcđ", "bql", "vpub", "vpubnd", "bchqs", "vp", "bch")
)

# What may follow "các" in a group of units: "các sở, ngành", "các cơ quan, đơn vị".
GROUP_NOUNS = _phrases(
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "địa phương", "thành viên", "huyện", "thị xã",
    "thành phố", "xã", "phường", "thị trấn", "quận", "doanh nghiệp", "tổ chức", "hội",
    "đoàn thể", "trường", "cơ sở", "bệnh viện", "cấp", "phòng", "ngân hàng", "tập thể",
    "chủ đầu tư", "nhà đầu tư", "hợp tác xã", "chi bộ", "đảng bộ", "cấp ủy", "đồng chí", "bộ",
    "ngành chức năng", "đơn vị sự nghiệp", "tỉnh", "cá nhân", "cơ quan chuyên môn", "ubnd",
    "quân khu", "đoàn đại biểu", "đại biểu",
)  # fmt: skip
GROUP_STARTS = _phrases("các", "những", "toàn thể", "tất cả các", "mọi", "quý")
# "Quý cơ quan" and the like mean the letter's addressees.
ADDRESSEE_WORDS = frozenset(
    (
        "quý cơ quan", "quý đơn vị", "các đơn vị", "các cơ quan, đơn vị", "các cơ quan đơn vị",
        "các địa phương", "các cơ quan", "đơn vị", "các đơn vị, địa phương", "quý sở",
    )
)  # fmt: skip

# Lower-case words inside a name that say where, not what: "UBND các huyện, thị xã".
PLACE_WORDS = _phrases(
    "tỉnh", "huyện", "thành phố", "thị xã", "xã", "phường", "quận", "thị trấn", "cấp tỉnh",
    "cấp huyện", "cấp xã", "trung ương", "liên quan", "có liên quan", "trực thuộc", "các",
    "thuộc tỉnh", "trên địa bàn", "trên địa bàn tỉnh", "hữu quan",
)  # fmt: skip

# Person titles in front of a unit: "Giám đốc Sở ...", "Thủ trưởng các cơ quan ...".
TITLES = _phrases(
    "giám đốc", "phó giám đốc", "chủ tịch", "phó chủ tịch", "thủ trưởng", "trưởng ban",
    "phó trưởng ban", "lãnh đạo", "người đứng đầu", "chánh văn phòng", "trưởng phòng",
    "bí thư", "phó bí thư", "tổng giám đốc", "viện trưởng", "cục trưởng", "chi cục trưởng",
    "hiệu trưởng", "trưởng", "chánh thanh tra", "chánh án", "tư lệnh", "chủ nhiệm",
    "bộ trưởng", "thứ trưởng", "tổng cục trưởng", "tổ trưởng", "trưởng đoàn", "chính ủy",
    "thường trực",
)  # fmt: skip

# Words that start what a unit is asked to do, so a unit's name ends before them. Only
# lower-case words count: inside a name they are capitalised ("Ban Tổ chức").
PREDICATES = _phrases(
    "chủ trì", "phối hợp", "thực hiện", "triển khai", "tổ chức", "xây dựng", "rà soát",
    "tham mưu", "đề xuất", "nghiên cứu", "khẩn trương", "chủ động", "tiếp tục", "có trách nhiệm",
    "chịu trách nhiệm", "theo dõi", "hướng dẫn", "kiểm tra", "báo cáo", "tăng cường",
    "đẩy mạnh", "quan tâm", "chỉ đạo", "lãnh đạo", "chú trọng", "cập nhật", "bố trí",
    "tổng hợp", "đôn đốc", "phổ biến", "tuyên truyền", "ban hành", "trình", "lập",
    "hoàn thành", "hoàn thiện", "thẩm định", "cung cấp", "phân công", "hỗ trợ", "bảo đảm",
    "đảm bảo", "ưu tiên", "sớm", "thường xuyên", "kịp thời", "nghiêm túc", "tập trung",
    "căn cứ", "trên cơ sở", "là cơ quan", "làm đầu mối", "làm việc", "làm rõ", "xem xét",
    "giải quyết", "xử lý", "thành lập", "kiện toàn", "điều chỉnh", "bổ sung", "sửa đổi",
    "công bố", "đăng tải", "chuẩn bị", "thông báo", "gửi", "tiếp nhận", "rút kinh nghiệm",
    "đánh giá", "sơ kết", "tổng kết", "thống kê", "điều tra", "khảo sát", "vận động",
    "khuyến khích", "huy động", "phát triển", "nâng cao", "nâng cấp", "đầu tư", "mua sắm",
    "sắp xếp", "quản lý", "giám sát", "kết nối", "tích hợp", "chia sẻ", "vận hành",
    "khai thác", "sử dụng", "ứng dụng", "chuyển đổi", "đào tạo", "bồi dưỡng", "tập huấn",
    "liên hệ", "tham khảo", "kế thừa", "phê duyệt", "thống nhất", "đồng ý", "thực thi",
    "duy trì", "cải thiện", "cải cách", "đẩy nhanh", "đổi mới", "nắm bắt", "phát hiện",
    "ngăn chặn", "xử phạt", "bảo vệ", "phòng chống", "phòng, chống", "ứng phó", "khắc phục",
    "giải ngân", "thanh toán", "quyết toán", "phân bổ", "tiết kiệm", "áp dụng", "lựa chọn",
    "đề nghị", "yêu cầu", "giao", "có ý kiến", "có văn bản", "đang", "đã", "sẽ", "cần",
    "phải", "được", "điều hành", "truyền tải", "tiếp thu", "nhân rộng", "lan tỏa",
    "đóng góp", "tham gia", "tham dự", "chú ý", "lưu ý", "quyết liệt", "tích cực", "không",
    "chưa", "thúc đẩy", "bám sát", "nhanh chóng", "tuân thủ", "định kỳ", "hằng tháng",
    "hàng tháng", "hằng tuần", "hàng tuần", "hằng quý", "hàng quý", "hằng năm", "hàng năm",
    "hằng ngày", "hàng ngày", "xác định", "xác minh", "đối chiếu", "định hướng", "lấy ý kiến",
    "trả lời", "phản hồi", "kiểm soát", "thu hồi", "cấp phép", "niêm yết", "công khai",
    "góp ý", "nghiệm thu", "bàn giao", "họp", "kiểm điểm", "theo", "nếu", "đặt", "tăng",
    "đưa", "tạo điều kiện", "lồng ghép", "tiếp cận", "làm", "nhận", "cử", "mời", "rà",
    "xin", "có",
)  # fmt: skip
# Words that end a name without starting a task: "Sở X với các doanh nghiệp".
NAME_STOPS = _phrases(
    "với", "để", "nhằm", "tại", "về", "trong", "trên", "khi", "thì", "là", "của", "đối với",
    "sau đây", "dưới đây", "như sau", "sau", "gồm", "bao gồm", "kể từ", "trong đó", "theo đó",
    "cùng", "này", "năm",
)  # fmt: skip
# Stops that say the units come after a colon: "Giao các sở, ngành sau đây ...: ".
DEFERRING = _phrases("sau đây", "dưới đây", "như sau", "sau", "gồm", "bao gồm")
# What introduces the units a clause assigns: "Giao Sở X ...", "Đề nghị Sở X ...".
INTRODUCERS = _phrases(
    "giao cho", "giao", "thống nhất giao", "đồng ý giao", "đề nghị", "yêu cầu", "phân công",
    "chỉ đạo giao", "tiếp tục giao", "văn bản chỉ đạo",
)  # fmt: skip
# What introduces supporting units: "phối hợp với X", "liên hệ X".
SUPPORT_INTRODUCERS = _phrases(
    "phối hợp với", "phối hợp chặt chẽ với", "phối hợp", "phối hợp cùng", "liên hệ với",
    "liên hệ", "với sự phối hợp của", "cùng với",
)  # fmt: skip


def _folded(entries: frozenset[Phrase]) -> frozenset[Phrase]:
    return frozenset(tuple(fold(word) for word in entry) for entry in entries)


@dataclass(frozen=True)
class Vocabulary:
    """The word lists, marked or folded, with the longest entry length of each."""

    multi_heads: frozenset[Phrase]
    single_heads: frozenset[str]
    abbreviation_heads: frozenset[str]
    group_nouns: frozenset[Phrase]
    group_starts: frozenset[Phrase]
    addressee_words: frozenset[str]
    place_words: frozenset[Phrase]
    titles: frozenset[Phrase]
    predicates: frozenset[Phrase]
    name_stops: frozenset[Phrase]
    deferring: frozenset[Phrase]
    introducers: frozenset[Phrase]
    support_introducers: frozenset[Phrase]
    marked: bool

    @classmethod
    def build(cls, marked: bool) -> Vocabulary:
        if marked:
            f = lambda entries: entries  # noqa: E731
            w = lambda words: frozenset(words)  # noqa: E731
        else:
            f = _folded
            w = lambda words: frozenset(fold(x) for x in words)  # noqa: E731
        return cls(
            multi_heads=f(MULTI_HEADS),
            single_heads=w(SINGLE_HEADS),
            abbreviation_heads=w(ABBREVIATION_HEADS),
            group_nouns=f(GROUP_NOUNS),
            group_starts=f(GROUP_STARTS),
            addressee_words=w(ADDRESSEE_WORDS),
            place_words=f(PLACE_WORDS),
            titles=f(TITLES),
            predicates=f(PREDICATES),
            name_stops=f(NAME_STOPS),
            deferring=f(DEFERRING),
            introducers=f(INTRODUCERS),
            support_introducers=f(SUPPORT_INTRODUCERS),
            marked=marked,
        )


MARKED = Vocabulary.build(marked=True)
UNMARKED = Vocabulary.build(marked=False)
