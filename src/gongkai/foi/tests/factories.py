import uuid

from gongkai.foi import services

APPLICANT = {
    "applicant_type": "natural",
    "name": "张三",
    "id_type": "id_card",
    "id_number": "110101199003071234",
    "phone": "13800000000",
    "email": "zhangsan@example.com",
    "address": "明湖区东湖路1号",
    "subject": "2025年明湖区义务教育学校招生计划",
    "description": "各学校的招生人数",
    "delivery_form": "electronic",
    "delivery_way": "email",
}


def submit(receiver, **overrides):
    return services.case_submit(
        receiver=receiver, key=uuid.uuid4(), data={**APPLICANT, **overrides}
    )
