"""Seed data: the national new-rural commune criteria set 2021–2025 (19 criteria in 5 groups)
and the two standing movements the reference campaign links to.

The list of criteria is marked [unconfirmed] (see the domain notes): check it against the
official text before relying on it; a corrected or newer set is added as data in the admin.
"""

import datetime as dt

from django.db import migrations

CODE, VERSION = "NTM-XA", "2021-2025"

GROUPS = {
    1: "Quy hoạch",
    2: "Hạ tầng kinh tế – xã hội",
    3: "Kinh tế và tổ chức sản xuất",
    4: "Văn hóa – Xã hội – Môi trường",
    5: "Hệ thống chính trị",
}

CRITERIA = [
    (1, "Quy hoạch", 1),
    (2, "Giao thông", 2),
    (3, "Thủy lợi và phòng, chống thiên tai", 2),
    (4, "Điện", 2),
    (5, "Trường học", 2),
    (6, "Cơ sở vật chất văn hóa", 2),
    (7, "Cơ sở hạ tầng thương mại nông thôn", 2),
    (8, "Thông tin và Truyền thông", 2),
    (9, "Nhà ở dân cư", 2),
    (10, "Thu nhập", 3),
    (11, "Nghèo đa chiều", 3),
    (12, "Lao động", 3),
    (13, "Tổ chức sản xuất và phát triển kinh tế nông thôn", 3),
    (14, "Giáo dục và Đào tạo", 4),
    (15, "Y tế", 4),
    (16, "Văn hóa", 4),
    (17, "Môi trường và an toàn thực phẩm", 4),
    (18, "Hệ thống chính trị và tiếp cận pháp luật", 5),
    (19, "Quốc phòng và An ninh", 5),
]

MOVEMENTS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Cả nước chung sức xây dựng nông thôn mới",
]


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("campaigns", "CriteriaSet")
    Criterion = apps.get_model("campaigns", "Criterion")
    Movement = apps.get_model("campaigns", "Movement")
    criteria_set, created = CriteriaSet.objects.get_or_create(
        code=CODE,
        version=VERSION,
        defaults={
            "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025",
            "valid_from": dt.date(2021, 1, 1),
            "valid_to": dt.date(2025, 12, 31),
            "unit_kinds": ["commune"],
            "note": (
                "[unconfirmed] Danh mục 19 tiêu chí, 5 nhóm, nhập theo ghi chú nghiệp vụ; "
                "cần đối chiếu với văn bản chính thức trước khi sử dụng."
            ),
        },
    )
    if created:
        Criterion.objects.bulk_create(
            Criterion(
                criteria_set=criteria_set,
                number=number,
                code=f"TC{number:02d}",
                name=name,
                group=GROUPS[group],
            )
            for number, name, group in CRITERIA
        )
    for name in MOVEMENTS:
        Movement.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    CriteriaSet = apps.get_model("campaigns", "CriteriaSet")
    CriteriaSet.objects.filter(code=CODE, version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
