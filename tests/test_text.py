import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import fold, nfc


def test_fold_removes_diacritics_and_maps_d_bar() -> None:
    assert fold("Bạc Liêu") == "bac lieu"
    assert fold("Đông Hải") == "dong hai"
    assert fold("  Vĩnh   Trạch ĐÔNG ") == "vinh trach dong"


def test_nfc_composes_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Ánh"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text: str) -> None:
    assert fold(fold(text)) == fold(text)


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "
)


@given(st.text(alphabet=VIETNAMESE))
def test_fold_of_vietnamese_is_plain_ascii(text: str) -> None:
    assert fold(text).isascii()
    assert fold(text.upper()) == fold(text)
