"""A closed case as one file: its letters, materials and event log in a ZIP archive (归档)."""

import io
import json
import zipfile

from .models import InfoRequest

SAFE_NAME = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


def _log(case: InfoRequest) -> str:
    lines = [f"登记号：{case.registration_no}", f"申请事项：{case.subject}", ""]
    for e in case.events.select_related("actor").order_by("on", "at", "id"):
        detail = json.dumps(e.details, ensure_ascii=False) if e.details else ""
        lines.append(
            f"{e.on}\t{e.at:%Y-%m-%d %H:%M:%S}\t{e.by}\t{e.action_label}\t{e.reason}\t{detail}"
        )
    return "\n".join(lines) + "\n"


def _summary(case: InfoRequest) -> dict:
    return {
        "registration_no": case.registration_no,
        "receiver": case.receiver.name,
        "unit": case.unit.name if case.unit else None,
        "channel": case.get_channel_display(),
        "received_on": case.received_on.isoformat(),
        "applicant": {
            "type": case.get_applicant_type_display(),
            "name": case.name,
            "id_type": case.get_id_type_display(),
            "id_number": case.id_number,
            "phone": case.phone,
            "email": case.email,
            "address": case.address,
        },
        "subject": case.subject,
        "doc_no": case.doc_no,
        "description": case.description,
        "delivery": [case.get_delivery_form_display(), case.get_delivery_way_display()],
        "state": case.get_state_display(),
        "outcome": case.get_outcome_display(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "fee_amount": case.fee_amount,
    }


def archive_zip(case: InfoRequest) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("申请.json", json.dumps(_summary(case), ensure_ascii=False, indent=2))
        zf.writestr("办理记录.txt", _log(case))
        for n, f in enumerate(case.files.order_by("created_at", "id"), start=1):
            folder = "文书" if f.kind == "letter" else "材料"
            name = f"{folder}/{n:02d}-{f.title.translate(SAFE_NAME)}"
            if not name.endswith(f.extension):
                name += f.extension
            with f.file.open("rb") as handle:
                zf.writestr(name, handle.read())
    return out.getvalue()
