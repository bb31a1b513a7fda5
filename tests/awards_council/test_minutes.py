"""The minutes (biên bản) of a closed session as a Word file, opened with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from tests.awards_council.conftest import Board, cast_ballot, client_for, make_board, open_board
from tests.conftest import Cast
from thidua.awards import minutes, services


def _all_text(content: bytes) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    rows: list[list[str]] = []
    for table in doc.tables:
        for row in table.rows:
            rows.append([c.text for c in row.cells])
            for c in row.cells:
                paragraphs.extend(p.text for p in c.paragraphs)
    return "\n".join(paragraphs), rows


def _closed(cast: Cast) -> Board:
    board = make_board(cast, n=2, prefix="M")
    first, second = board.nominations
    open_board(cast, board, present=board.seats[:9])  # the secretary (last seat) is absent
    for seat in board.seats[:9]:
        cast_ballot(board, seat, {first.pk: "yes", second.pk: "no" if seat.pk % 2 else "yes"})
    services.round_close(actor=cast.office, session=board.session)
    services.session_close(actor=cast.office, session=board.session)
    return board


def test_the_minutes_are_only_given_once_the_session_is_closed(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    response = client_for(cast.office).get(board.url("minutes"), follow=True)
    assert "Biên bản có sau khi phiên họp kết thúc." in response.content.decode()
    assert "wordprocessingml" not in response["Content-Type"]


def test_the_minutes_hold_the_decree_30_header_attendance_and_results(cast: Cast) -> None:
    board = _closed(cast)
    first, second = board.nominations
    items = {i.nomination_id: i for i in board.session.agenda.all()}
    response = client_for(board.seats[0].account).get(board.url("minutes"))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="bien-ban-hop-hoi-dong-2020-12-20' in response["Content-Disposition"]
    text, rows = _all_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND TỈNH BẠC LIÊU" in text and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Bạc Liêu, ngày 20 tháng 12 năm 2020" in text
    assert "Hội trường UBND tỉnh" in text
    assert "Có mặt 9/10 thành viên (yêu cầu tối thiểu 7)" in text
    assert "Chủ trì: Thành viên 0" in text and "Thư ký: Thành viên 9" in text
    assert "Thành viên vắng mặt: 1" in text
    # The results table: one row per nomination, counts and approval of the whole council.
    results = {r[1].split(" (")[0]: r for r in rows if r and r[0].isdigit() and len(r) == 10}
    row = results[first.subject_label]
    assert row[2] == first.award.name_vi
    assert row[4:] == ["9", "0", "0", "90 %", "90 %", "Đạt"]
    weak = results[second.subject_label]
    yes = items[second.pk].yes or 0
    assert weak[4] == str(yes) and weak[7] == f"{yes * 10} %" and weak[9] == "Không đạt"
    assert yes < 9
    assert "Hội đồng thống nhất đề nghị cấp có thẩm quyền khen thưởng 1 trường hợp" in text
    assert f"{second.subject_label} – {second.award.name_vi}" in text
    # Signature blocks of the secretary and the chair.
    assert "THƯ KÝ" in text and "CHỦ TỊCH HỘI ĐỒNG" in text


def test_the_template_is_built_by_a_script_and_a_custom_copy_is_used(
    cast: Cast, tmp_path: Path, settings
) -> None:
    assert minutes.MINUTES_TEMPLATE.exists()
    built = minutes.build_minutes_template(tmp_path / "custom.docx")
    doc = Document(str(built))
    doc.add_paragraph("Ghi chú riêng của tỉnh")
    doc.save(str(built))
    settings.THIDUA_AWARDS_MINUTES_TEMPLATE = str(built)
    board = _closed(cast)
    text, _ = _all_text(client_for(cast.office).get(board.url("minutes")).content)
    assert "Ghi chú riêng của tỉnh" in text and "BIÊN BẢN HỌP" in text
