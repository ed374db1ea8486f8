"""The ledger's closed vocabularies: English codes in the database, Chinese words on screen and paper.

Each enum's ``label`` is the one word the glossary gives for it; ``from_label`` reads either form back.
"""

from __future__ import annotations

from enum import StrEnum


def label_of(enum: type[Labelled], value: str) -> str:
    """The Chinese word for ``value`` of ``enum``; an unknown code (e.g. from a newer centre) as it is."""
    try:
        return enum(value).label
    except ValueError:
        return value


class Labelled(StrEnum):
    @property
    def label(self) -> str:
        return LABELS[type(self).__name__][self.value]

    @classmethod
    def from_label(cls, text: str) -> Labelled:
        text = text.strip()
        for member in cls:
            if text in (member.value, member.label):
                return member
        choices = "、".join(m.label for m in cls)
        raise ValueError(f"“{text}”不是有效的选项，可选：{choices}")

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class ReceptionWay(Labelled):
    AT_STATION = "at_station"
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    LETTER = "letter"
    ONLINE = "online"


class Gender(Labelled):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = ""


class DeputyLevel(Labelled):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class AttendanceStatus(Labelled):
    PRESENT = "present"
    LEAVE = "leave"
    ABSENT = "absent"


class Route(Labelled):
    ON_SPOT = "on_spot"
    STATION = "station"
    TRANSFER = "transfer"
    SUGGESTION = "suggestion"


class UnitKind(Labelled):
    TOWNSHIP_GOV = "township_gov"
    DEPARTMENT = "department"
    STATE_BODY = "state_body"
    COMMUNITY = "community"
    CONGRESS_OFFICE = "congress_office"


class EventKind(Labelled):
    REGISTERED = "registered"
    ANSWERED_ON_SPOT = "answered_on_spot"
    TRANSFERRED = "transferred"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    REPLIED = "replied"
    EXTENDED = "extended"
    PAUSED = "paused"
    RESUMED = "resumed"
    URGED = "urged"
    FED_BACK = "fed_back"
    SATISFACTION = "satisfaction"
    REOPENED = "reopened"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"
    NOTE = "note"
    CORRECTED = "corrected"
    VOIDED = "voided"
    DEADLINE_RECOMPUTED = "deadline_recomputed"


class OpinionState(Labelled):
    REGISTERED = "registered"
    HANDLING = "handling"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    REPLIED = "replied"
    FED_BACK = "fed_back"
    REOPENED = "reopened"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"
    VOIDED = "voided"


class Satisfaction(Labelled):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"


class FeedbackMethod(Labelled):
    IN_PERSON = "in_person"
    PHONE = "phone"
    WRITTEN = "written"
    SMS = "sms"


class OverdueLevel(Labelled):
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    LONG_OVERDUE = "long_overdue"


# Deputies' duties beyond the reception desk (issue 14); appended after the older vocabularies.
class DutyKind(Labelled):
    INSPECTION = "inspection"
    RESEARCH = "research"
    MEETING = "meeting"
    CONTACT = "contact"
    REPORT_BACK = "report_back"
    TRAINING = "training"


class ContactWay(Labelled):
    VISIT = "visit"
    FORUM = "forum"
    PHONE = "phone"
    ONLINE = "online"
    OTHER = "other"


class VoteRule(Labelled):
    MAJORITY_OF_ALL = "majority_of_all"
    MAJORITY_OF_VOTERS = "majority_of_voters"
    TWO_THIRDS_OF_ALL = "two_thirds_of_all"


class ReportBackResult(Labelled):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"
    NOT_COUNTED = "not_counted"


LABELS: dict[str, dict[str, str]] = {
    "ReceptionWay": {
        "at_station": "来站接待",
        "home_visit": "走访",
        "phone": "电话",
        "letter": "来信",
        "online": "网络",
    },
    "Gender": {"male": "男", "female": "女", "": "未填"},
    "DeputyLevel": {
        "national": "全国",
        "province": "省",
        "city": "市",
        "county": "县(区)",
        "township": "乡(镇)",
    },
    "AttendanceStatus": {"present": "出席", "leave": "请假", "absent": "缺席"},
    "Route": {"on_spot": "当场答复", "station": "站内协调", "transfer": "转办", "suggestion": "形成代表建议"},
    "UnitKind": {
        "township_gov": "乡镇政府",
        "department": "政府部门",
        "state_body": "一府一委两院",
        "community": "村(社区)",
        "congress_office": "人大机关",
    },
    "EventKind": {
        "registered": "登记",
        "answered_on_spot": "当场答复",
        "transferred": "转办",
        "accepted": "签收",
        "returned": "退回改派",
        "replied": "办理答复",
        "extended": "延期",
        "paused": "暂停计时",
        "resumed": "恢复计时",
        "urged": "督办",
        "fed_back": "反馈",
        "satisfaction": "满意度",
        "reopened": "重新办理",
        "closed": "办结",
        "withdrawn": "撤回",
        "duplicate": "重复件",
        "note": "补充说明",
        "corrected": "更正",
        "voided": "作废",
        "deadline_recomputed": "期限重算",
    },
    "OpinionState": {
        "registered": "待处理",
        "handling": "办理中",
        "transferred": "已转办",
        "returned": "退回待改派",
        "replied": "已答复待反馈",
        "fed_back": "已反馈",
        "reopened": "重新办理",
        "closed": "办结",
        "withdrawn": "撤回",
        "duplicate": "重复件",
        "voided": "作废",
    },
    "Satisfaction": {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"},
    "FeedbackMethod": {"in_person": "当面", "phone": "电话", "written": "书面", "sms": "短信"},
    "OverdueLevel": {
        "due_soon": "即将到期",
        "due_today": "今日到期",
        "overdue": "已超期",
        "long_overdue": "严重超期",
    },
    "DutyKind": {
        "inspection": "视察",
        "research": "调研",
        "meeting": "会议",
        "contact": "联系选民",
        "report_back": "述职",
        "training": "培训",
    },
    "ContactWay": {"visit": "走访", "forum": "座谈", "phone": "电话", "online": "网络", "other": "其他"},
    "VoteRule": {
        "majority_of_all": "全体代表过半数",
        "majority_of_voters": "参加表决代表过半数",
        "two_thirds_of_all": "全体代表三分之二以上",
    },
    "ReportBackResult": {
        "satisfied": "满意",
        "basically": "基本满意",
        "dissatisfied": "不满意",
        "not_counted": "未测评",
    },
}

OPEN_STATES = frozenset(
    {
        OpinionState.REGISTERED,
        OpinionState.HANDLING,
        OpinionState.TRANSFERRED,
        OpinionState.RETURNED,
        OpinionState.REPLIED,
        OpinionState.FED_BACK,
        OpinionState.REOPENED,
    }
)
