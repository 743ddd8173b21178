"""The five real work plans shipped as demo documents, with the metadata a clerk would enter.

Where a plan states no date (000, 002, 003) the demo gives it one in the plan's year.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SEEDS_DIR = Path(__file__).parent / "data" / "seeds"
PAGE_MARK = re.compile(r"^\s*·?\s*\d+\s*—\s*$")
HEADING = re.compile(r"^\s*([一二三四五六七八九十]+)、\s*([^。；;]{2,40})")


@dataclass(frozen=True)
class Seed:
    file: str
    title: str
    issuer: str  # demo unit code
    doc_no: str
    written_on: date
    topic: str
    genre: str
    catalogue: str

    @property
    def path(self) -> Path:
        return SEEDS_DIR / self.file

    def body(self) -> str:
        lines = self.path.read_text(encoding="utf-8").splitlines()
        kept = [line.strip() for line in lines if line.strip() and not PAGE_MARK.match(line)]
        return "\n".join(kept)

    def headings(self) -> list[str]:
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            match = HEADING.match(line)
            if match:
                found.append(match[2].rstrip("，,。 "))
        return found


SEEDS = [
    Seed(
        "000_0b1019e0f4bdc769.txt",
        "韩店街道2023年政务公开工作实施方案",
        "HD",
        "",
        date(2023, 3, 10),
        "02",
        "plan",
        "18",
    ),
    Seed(
        "001_0c3f149d73efa55b.txt",
        "关于印发《2023年台儿庄区政务公开工作要点》的通知",
        "ZFB",
        "台政办发〔2023〕6号",
        date(2023, 7, 20),
        "02",
        "notice",
        "18",
    ),
    Seed(
        "002_e66da4dd70f468b1.txt",
        "贯彻落实《长治市上党区2023年度政务公开工作考核方案》工作方案",
        "GA",
        "",
        date(2023, 4, 6),
        "16",
        "plan",
        "18",
    ),
    Seed(
        "003_ba3d5f9070a244c0.txt",
        "镇202x年政务公开工作要点",
        "LJ",
        "",
        date(2024, 2, 26),
        "02",
        "plan",
        "18",
    ),
    Seed(
        "004_c6ac7c3b8cd66c82.txt",
        "关于印发2021年度政务公开工作要点实施方案的通知",
        "DH",
        "泉丰东办〔2021〕21号",
        date(2021, 6, 29),
        "02",
        "notice",
        "18",
    ),
]


def interpretation_body(seed: Seed, issuer_name: str) -> str:
    """A 文字解读 in the usual four parts, built from the plan's own first-level headings."""
    headings = seed.headings()
    parts = "；".join(f"{n + 1}. {h}" for n, h in enumerate(headings))
    return "\n".join(
        [
            "一、制定背景",
            f"为深入贯彻《中华人民共和国政府信息公开条例》，落实上级关于政务公开工作的部署，"
            f"{issuer_name}制定了《{seed.title}》。",
            "二、主要内容",
            f"文件共{len(headings)}个部分：{parts}。"
            if headings
            else "文件明确了年度政务公开的重点任务。",
            "三、工作要求",
            "各单位要对照任务分工，明确责任人和完成时限，建立工作台账，逐项抓好落实；"
            "涉及政策文件的，坚持政策文件与解读材料同步起草、同步审签、同步发布。",
            "四、解读机关",
            f"解读机关：{issuer_name}。",
        ]
    )
