"""English texts for the window, and the step that writes them into resources/i18n/heshi_en.ts.

    uv run pyside6-lupdate <ui .py files> -source-language zh_CN -target-language en -ts resources/i18n/heshi_en.ts
    uv run python scripts/i18n_en.py          # fill translations from EN below (keeps ones already done)
    uv run pyside6-lrelease resources/i18n/heshi_en.ts -qm resources/i18n/heshi_en.qm

The source language is Simplified Chinese (the strings in the code); English is the second language.
Glossary terms follow GLOSSARY.md's English column.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "heshi_en.ts"

EN = {
    "本月工作（与上月对比）": "This month (against last month)",
    "上月 {value}": "Last month {value}",
    "高对比度（黑白分明，适合强光或视力不便）": "High contrast (black on white, for bright rooms or weak eyesight)",
    "配色": "Colours",
    "正在打开台账…": "Opening the ledger…",
    "导入节假日文件…": "Import holiday file…",
    "选择节假日文件": "Choose a holiday file",
    "节假日文件 (*.xlsx *.csv)": "Holiday file (*.xlsx *.csv)",
    "节假日安排已导入": "Holiday arrangement imported",
    "节假日文件未导入": "Holiday file not imported",
    "（暂定）": " (provisional)",
    "（暂定：按尚未公布的节假日安排推算）": " (provisional: counted on a holiday arrangement not yet announced)",
    "办理时间": "Time of the step",
    "手工填写截止日期": "Type the deadline by hand",
    "手工填写的理由（必填）": "Reason for the typed deadline (required)",
    "手工填写，见下": "Typed by hand, see below",
    "手工截止日期": "Typed deadline",
    "保存履职活动": "Save activities",
    "否": "No",
    "履职活动，如：接待选民、走访群众、调研": "Activities, e.g. receiving voters, visiting residents, research",
    "是": "Yes",
    "未修改。": "Nothing changed.",
    "确认修改": "Confirm change",
    "删除这位来访人": "Remove this visitor",
    "删除这条意见": "Remove this opinion",
    "作废…": "Void…",
    "取消更正": "Cancel correction",
    "必填，例如：参加代表登记有误": "Required, e.g. the deputies taking part were entered wrongly",
    "保存更正 (Ctrl+S)": "Save correction (Ctrl+S)",
    "正在更正：": "Correcting: ",
    "记录中有已停用或新加入名册的代表（编号 {ids}），请重新打开本页或在命令行更正。": (
        "The record names deputies who are inactive or new on the register (ids {ids}); reopen this page or correct it "
        "on the command line."
    ),
    "已保存更正。": "Correction saved.",
    "请先在列表中选择要更正的记录。": "Select the record to correct in the list first.",
    "该记录已作废，不能更正。": "This record is voided and cannot be corrected.",
    "已载入所选记录：改好后填写更正理由，按 Ctrl+S 保存更正。": (
        "The selected record is loaded: change it, give the reason for the correction and press Ctrl+S to save it."
    ),
    "作废后记录仍保留，但不再计入统计，并同步到市中心。": (
        "A voided record is kept, no longer counted in the statistics, and synced to the city centre."
    ),
    "作废接待记录": "Void reception",
    "作废理由": "Reason for voiding",
    "全部": "All",
    "共 {n} 页。": "{n} page(s).",
    "关闭": "Close",
    "办理情况": "Outcome",
    "另存为 PDF": "Save as PDF",
    "另存为 PDF…": "Save as PDF…",
    "已保存：{p}": "Saved: {p}",
    "已发送到打印机：{n} 页。": "Sent to the printer: {n} page(s).",
    "必填，例如：同一来访重复登记": "Required, e.g. the same visit registered twice",
    "必填，例如：电话登记错误": "Required, e.g. wrong phone number registered",
    "打印…": "Print…",
    "打印转办单": "Print transfer slip",
    "打印转办单…": "Print transfer slip…",
    "接待记录": "Receptions",
    "搜索：反映问题、姓名、电话、村（社区）、拼音首字母": "Search: matter, name, phone, village, pinyin initials",
    "更正…": "Correct…",
    "更正接待记录": "Correct reception",
    "更正理由": "Reason for correction",
    "月份": "Month",
    "来访人姓名": "Visitor's name",
    "正在打印…": "Printing…",
    "正在生成…": "Generating…",
    "经办人": "Clerk",
    "转办单：{text}": "Transfer slip: {text}",
    "这条接待记录的 {n} 条意见将一并作废。": "Its {n} opinion(s) will be voided with it.",
    "（{n} 次）": " ({n} times)",
    "已作废": "Voided",
    "已更正": "Corrected",
    "等{n}人": " and others ({n} people)",
    "这次接待没有登记意见。": "No opinion was registered at this reception.",
    "理由": "reason",
    "无": "None",
    # 代表履职 page (issue 14)
    "保存为 PDF…": "Save as PDF…",
    "保存为 PDF": "Save as PDF",
    "请先在列表中选择一条记录。": "Select a record in the list first.",
    "把反映的问题登记为意见（站内协调办理）": "Register what was raised as an opinion (handled at the station)",
    "PDF 文件 (*.pdf)": "PDF files (*.pdf)",
    "不满意票": "Dissatisfied votes",
    "代表履职": "Deputies' duties",
    "作废": "Void",
    "作废理由：": "Reason for voiding:",
    "例如 2 或 1.5": "e.g. 2 or 1.5",
    "保存履职档案": "Save performance archive",
    "保存履职档案 PDF…": "Save performance archive PDF…",
    "候选项目": "Candidate projects",
    "全体代表人数": "All deputies (number)",
    "内容": "Content",
    "出勤选“未参加”的代表不记入本次培训。": "Deputies marked “not taking part” are not recorded for this training.",
    "到会选民": "Voters present",
    "到会选民人数": "Voters present",
    "参加代表": "Deputies taking part",
    "参加票决": "Voting",
    "参加票决代表": "Deputies voting",
    "参训代表": "Trainees",
    "反映的问题": "Matters raised",
    "培训主题": "Training topic",
    "培训台账": "Training ledger",
    "培训地点": "Training place",
    "培训日期": "Training date",
    "基本满意票": "Basically satisfied votes",
    "学时": "Hours",
    "履职档案": "Performance archive",
    "履职活动": "Deputy activities",
    "已作废。": "Voided.",
    "已保存：": "Saved: ",
    "年度": "Year",
    "无效票": "Invalid ballots",
    "显示已作废": "Show voided",
    "未参加": "Not taking part",
    "民生实事票决": "Project votes",
    "活动内容": "Activity",
    "活动类型": "Kind of activity",
    "测评结果": "Evaluation result",
    "添加项目(&P)": "Add &project",
    "满意/基本满意/不满意": "Satisfied/basically/dissatisfied",
    "满意票": "Satisfied votes",
    "票决年度": "Vote year",
    "票决日期": "Vote date",
    "联系对象": "Contacted",
    "联系方式": "Contact way",
    "联系选民一栏为“次数/年度要求”；本站要求每位代表每年联系选民不少于 {n} 次。": (
        "The constituent-contact column shows “contacts/yearly expectation”; "
        "this station expects at least {n} contacts per deputy a year."
    ),
    "请假/缺席": "Leave/absent",
    "请先在列表中选择要作废的记录。": "Select the record to void in the list first.",
    "述职代表": "Reporting deputy",
    "述职地点": "Report-back place",
    "述职报告摘要": "Summary of the report",
    "述职日期": "Report-back date",
    "述职测评": "Report-back evaluations",
    "述职满意率": "Report-back satisfaction",
    "通过规则": "Adoption rule",
    "通过项目": "Adopted projects",
    "请先在“本月接待日”中选中一个接待日。": "First select a reception day in “Reception days this month”.",
    "接待公告": "Reception notice",
    "打印督办单…": "Print supervision slip…",
    "打印接待公告…": "Print reception notice…",
    "打印履职情况统计…": "Print yearly record…",
    "意见建议转办单": "Transfer slip",
    "意见建议督办单": "Supervision slip",
    "履职情况统计": "Deputies' yearly record",
    "Excel 工作簿 (*.xlsx)": "Excel workbook (*.xlsx)",
    "“{page}”中填写的内容": "What was typed on “{page}”",
    "✔ 已保存：{time} {names}，意见 {n} 条。可以登记下一位。": (
        "✔ Saved: {time} {names}, {n} opinion(s). Ready for the next visitor."
    ),
    "上次关闭程序时，有一条接待登记还没有保存（草稿时间：{at}）。要恢复它继续填写吗？": (
        "When the program last closed, a reception was not saved yet (draft of {at}). Restore it and carry on?"
    ),
    "丢弃草稿": "Discard draft",
    "导入 Excel 台账": "Import an Excel ledger",
    "导出 Excel": "Export to Excel",
    "已放弃未保存的内容（没有存入台账）。": "Discarded what was not saved (nothing was written to the ledger).",
    "恢复": "Restore",
    "恢复未保存的登记": "Restore unsaved reception",
    "这条接待登记": "This reception",
    "尚未保存": "Not saved",
    "{what}还没有保存。": "{what} is not saved yet.",
    "保存：存入台账后继续；放弃：丢掉已填写的内容；取消：回到表单继续填写。": (
        "Save: write it to the ledger and go on; Discard: throw away what was typed; Cancel: go back to the form."
    ),
    "放弃": "Discard",
    "当前表单": "The current form",
    " 个工作日": " working days",
    "【演示数据】": "[DEMO] ",
    "上次同步：尚未同步": "Last sync: never",
    "下一个接待日：": "Next reception day: ",
    "与市中心同步": "Sync with the city centre",
    "下一条 (Ctrl+N)": "Next (Ctrl+N)",
    "主办单位": "Lead unit",
    "主办单位：必须选择": "Lead unit: required",
    "主题": "Topic",
    "人数": "People",
    "今天是 {day}": "Today is {day}",
    "今天没有安排接待日。": "No reception day today. ",
    "今日接待": "Today's reception",
    "代表": "Deputy",
    "代表名册": "Deputies",
    "代表层级": "Deputy level",
    "代表年度履职": "Deputy's year",
    "代表联络站台账": "Liaison station ledger",
    "代表进站": "Attendance",
    "代表进站履职": "Deputies' attendance",
    "保存": "Save",
    "保存 (Ctrl+S)": "Save (Ctrl+S)",
    "保存联络站信息": "Save station details",
    "保密": "Confidential",
    "修改": "Edit",
    "值班代表": "Deputies on duty",
    "停用": "Inactive",
    "先用演示数据看看": "Try the demo data first",
    "全部代表": "All deputies",
    "全部单位": "All units",
    "全部月份": "All months",
    "全部期限": "Any deadline",
    "全部状态": "Any state",
    "全部类别": "All categories",
    "共 {n} 条": "{n} in total",
    "出勤": "Attendance",
    "出席": "Present",
    "到站": "Arrived",
    "办理单位": "Handling units",
    "办理时限": "Time limit",
    "办理时限（工作日）": "Time limit (working days)",
    "办理答复": "Unit reply",
    "办结": "Close",
    "匿名": "Anonymous",
    "协办单位": "Assisting units",
    "单位名称": "Unit name",
    "反映人": "Raised by",
    "反映问题": "Matter",
    "反馈": "Feedback",
    "反馈方式": "Feedback method",
    "取消": "Cancel",
    "可能重复：近期已有相似意见，请核对后再登记": "Possible duplicate: similar recent opinions exist, please check",
    "台账打印": "Print ledgers",
    "台账文件：": "Ledger file: ",
    "同步": "Sync",
    "同步退回记录": "Sync fix-ups",
    "启用": "Active",
    "在任": "In office",
    "地址": "Address",
    "地点": "Place",
    "基础数据": "Reference data",
    "处理方式": "Route",
    "如：东风街道人大代表联络站": "e.g. Dongfeng Street Deputy Liaison Station",
    "如：联络站接待室": "e.g. station reception room",
    "姓名": "Name",
    "姓名（可输入拼音首字母查找）": "Name (pinyin initials find earlier visitors)",
    "字号": "Font size",
    "安排接待日": "Plan a reception day",
    "安排接待日…": "Plan a reception day…",
    "层级": "Level",
    "工作台": "Today",
    "工具栏": "Toolbar",
    "已保存。": "Saved.",
    "已保存的台账不受影响。日志文件：": "The saved ledger is not affected. Log file: ",
    "已保存：{time} {names}，意见 {n} 条。可以登记下一位。": "Saved: {time} {names}, {n} opinion(s). Ready for the next.",  # noqa: E501
    "已反馈": "Fed back",
    "已记录：": "Recorded: ",
    "已选：": "Picked: ",
    "市中心分配的编码，如 DF-01": "Code given by the centre, e.g. DF-01",
    "年": "Year",
    "延期": "Extend",
    "延期理由": "Reason for extension",
    "延长工作日": "Extra working days",
    "开始使用": "Start",
    "开始时间": "Start time",
    "当场答复": "Answered on the spot",
    "当场答复的内容": "Answer given on the spot",
    "待同步记录：{n} 条": "Not yet synced: {n}",
    "性别": "Gender",
    "恢复计时": "Resume",
    "意见": "Opinion ",
    "意见内容": "Opinion",
    "意见办理": "Opinions",
    "意见建议": "Opinions",
    "意见建议内容（不填则不形成意见）": "Opinion (leave empty for none)",
    "意见类别": "Category",
    "截止日期": "Deadline",
    "所属乡镇(街道)": "Township (street)",
    "所属区县": "District",
    "手机或座机": "Mobile or landline",
    "按时办结率": "On-time rate",
    "接待人数": "People received",
    "接待代表": "Deputies",
    "接待地点": "Place",
    "接待批次": "Receptions",
    "接待方式": "Reception way",
    "接待日 {start}–{end}，地点：{place}\n值班代表：{names}": "Reception day {start}–{end} at {place}\nOn duty: {names}",  # noqa: E501
    "接待时间": "Received at",
    "接待登记": "Reception",
    "搜索": "Search",
    "搜索内容、姓名、电话或拼音首字母": "Search text, name, phone or pinyin initials",
    "撤回": "Withdraw",
    "撤回原因": "Reason for withdrawal",
    "收集意见": "Opinions collected",
    "新建": "New",
    "无法打开台账": "Cannot open the ledger",
    "日期": "Date",
    "时间": "Time",
    "时限{n}个工作日，截止 {due}": "{n} working days, due {due}",
    "显示": "Display",
    "暂停理由": "Reason for pause",
    "暂停计时": "Pause",
    "月": "Month",
    "期限": "Deadline",
    "期限提示": "Deadline note",
    "未保存。": "Not saved.",
    "未保存：请按红字提示修改后再保存（共 {n} 处）。": "Not saved: correct the {n} item(s) in red, then save again.",
    "未办结": "Open",
    "未登记": "Not recorded",
    "本月工作": "This month",
    "本月接待日": "Reception days this month",
    "村(社区)": "Village",
    "村（社区）": "Village (community)",
    "来访人": "Visitor ",
    "来访人反映的问题，尽量用来访人自己的话": "The matter, in the visitor's own words",
    "欢迎使用代表联络站台账": "Welcome to the liaison station ledger",
    "正在保存…": "Saving…",
    "正在生成演示数据（虚构人员）…": "Generating demo data (fictional people)…",
    "没有选中的意见": "No opinion selected",
    "添加意见(&Y)": "Add opinion (&Y)",
    "添加来访人(&A)": "Add visitor (&A)",
    "满意度": "Satisfaction",
    "满意率": "Satisfaction rate",
    "演示数据": "Demo data",
    "状态": "State",
    "生成演示数据失败：": "Could not generate the demo data: ",
    "电话": "Phone",
    "界面语言": "Language",
    "界面语言将在下次启动时生效。": "The language changes at the next start.",
    "登记日期": "Registered",
    "登记月份": "Month",
    "督办": "Urge",
    "督办意见": "Supervision note",
    "确定": "OK",
    "离站": "Left",
    "程序出错": "Program error",
    "第一次使用：请填写联络站信息": "First use: the station's details",
    "答复": "Answer",
    "答复内容": "Answer",
    "此页面暂不可用，详见日志。": "This page is not available; see the log.",
    "筛选（名称或拼音首字母）": "Filter (name or pinyin initials)",
    "签到": "Check in",
    "签收": "Accept",
    "签退": "Check out",
    "类别": "Category",
    "类别名称": "Category name",
    "类型": "Kind",
    "结束时间": "End time",
    "缺席": "Absent",
    "联系电话": "phone",
    "联络员": "Clerk",
    "联络员姓名，打印台账时作为经办人": "Clerk's name, printed on the ledgers",
    "联络站信息": "Station",
    "联络站名称": "Station name",
    "联络站接待室": "Station reception room",
    "联络站编码": "Station code",
    "补充说明": "Add note",
    "设置": "Settings",
    "该代表尚未签到，请先签到。": "This deputy has not checked in yet.",
    "说明": "Note",
    "请假": "On leave",
    "请假…": "Leave…",
    "请假事由": "Reason for leave",
    "请假事由：": "Reason for leave:",
    "请先选择接待日和代表。": "Pick a reception day and a deputy first.",
    "超期": "Overdue",
    "转办": "Transfer",
    "转办说明": "Transfer note",
    "输入姓名或拼音首字母，回车选中": "Type a name or pinyin initials, Enter picks",
    "这些信息会印在每月的台账上，以后可以在“设置”里修改。如果想先看看程序怎么用，可以打开演示数据（虚构人员），不会影响正式台账。": (  # noqa: E501
        "These details are printed on every monthly ledger and can be changed later in Settings. To look around "
        "first, open the demo data (fictional people); your real ledger stays untouched."
    ),
    "退回改派": "Return for reassignment",
    "退回理由": "Reason for return",
    "选中接待日的值班代表": "Deputies on duty that day",
    "选区/联系村": "Constituency / village",
    "选民接待登记": "Voter reception register",
    "重复于（意见编号）": "Duplicate of (opinion id)",
    "重复件": "Duplicate",
    "重新办理": "Reopen",
    "重新办理原因": "Reason for reopening",
    "需要关注的意见": "Opinions needing attention",
    "（按工作日计算，已扣除节假日）": " (working days, holidays excluded)",
    "（无）": "(none)",
    "（暂停计时）": " (paused)",
    "（未设置联络站）": "(station not set up)",
    "（选择主办单位）": "(choose the lead unit)",
    "（选择类别）": "(choose a category)",
    "：必须填写": ": required",
    "相似度": "similarity",
    "办理记录": "Handling history",
    "意见编号": "Opinion id",
    "匿名 ": "anonymous",
    # 设置 → 备份与恢复 (heshi_station/ui/backup_panel.py)
    "备份与恢复": "Backup and restore",
    (
        "程序每天自动备份一次（打开时和开着时每小时检查），保留最近14天每天一份、12个"
        "月每月一份；手动备份不会被自动删除。备份文件夹可以选U盘，U盘没插时自动备份先放"
        "在本机默认文件夹。"
    ): (
        "The ledger is backed up automatically once a day (checked at start and hourly); one backup"
        " per day is kept for 14 days and one per month for 12 months; manual backups are never del"
        "eted automatically. The backup folder can be on a USB drive; when it is not plugged in, th"
        "e automatic backup goes to the default folder on this PC."
    ),
    "备份文件夹": "Backup folder",
    "更改…": "Change…",
    "用默认文件夹": "Use default folder",
    "立即备份": "Back up now",
    "恢复所选备份…": "Restore selected backup…",
    "从其他文件恢复…": "Restore from another file…",
    "备份时间": "Backed up at",
    "大小": "Size",
    "文件": "File",
    "备份列表": "Backups",
    "选择备份文件夹": "Choose the backup folder",
    "选择备份文件": "Choose a backup file",
    "台账备份 (*.sqlite3 *.db);;所有文件 (*)": "Ledger backups (*.sqlite3 *.db);;All files (*)",
    "共 {n} 份备份，最近一次：{when}（{kind}）": "{n} backups, latest: {when} ({kind})",
    "这个文件夹里还没有备份。": "No backups in this folder yet.",
    "备份完成": "Backup done",
    "已备份并校验：\n{path}": "Backed up and verified:\n{path}",
    (
        "用这个备份替换现在的台账？\n\n文件：{file}\n联络站：{station}\n接"
        "待记录 {r} 条，意见建议 {o} 条\n\n现在的台账会先另存一份“恢复前”备份"
        "，需要时还能恢复回来。"
    ): (
        "Replace the current ledger with this backup?\n\nFile: {file}\nStation: {station}\n{r} receptio"
        'ns, {o} opinions\n\nThe current ledger is first saved as a "before restore" backup, so it ca'
        "n be restored later."
    ),
    "恢复台账": "Restore the ledger",
    "\n恢复前的台账已另存为：\n{path}": "\nThe ledger as it was before is saved as:\n{path}",
    "恢复完成": "Restore done",
    "台账已从备份恢复。": "The ledger was restored from the backup.",
    "这是另一个联络站的备份": "This is another station's backup",
    # issue 10 (window2): first launch, typed deadlines, the demo topped up, forms
    "处理演示数据失败：": "The demo data could not be prepared: ",
    "正在把演示数据补到今天（虚构人员）…": "Bringing the demo data up to today (fictitious people)…",
    "去添加代表(&D)": "Add &deputies",
    "还没有代表：请先到“代表名册”页添加。": "No deputies yet: add them on the “Deputies” page first.",
    "下一步": "Next",
    "从以前的 Excel 台账导入(&E)…": "Import an old &Excel ledger…",
    "从市中心同步（首次同步）(&C)": "Sync from the &city centre (first sync)",
    "以后再说，直接开始(&L)": "&Later, start now",
    "使用“设置”中的市中心地址和令牌；还没有设置时会提示并打开同步设置。": (
        "Uses the centre address and token from Settings; if none is set you are told so and the sync settings open."
    ),
    "准备基础数据：代表名册、办理单位、意见类别": "Reference data: deputies, handling units, categories",
    "常见的区级部门和街道办事处，以及城市社区常见的意见类别和时限。": (
        "The usual district departments and sub-district office, with the categories and time limits of urban "
        "communities."
    ),
    "常见的县级部门和镇人民政府，以及农村常见的意见类别和时限。": (
        "The usual county departments and township government, with the categories and time limits of rural areas."
    ),
    "打开“台账打印”页的 Excel 导入，先预览再导入。": (
        "Opens the Excel import of the “Print ledgers” page: preview first."
    ),
    "未载入：": "Not loaded: ",
    (
        "登记接待前，台账里最好有本站的代表、办理单位和意见类别（含办理时限）。"
        "请选一种方式，以后都可以在“代表名册”“基础数据”里增改。"
    ): (
        "Before the first reception the ledger should hold the station's deputies, handling units and categories "
        "(with time limits). Choose one way; all can be changed later under “Deputies” and “Reference data”."
    ),
    "载入乡镇（农村）联络站典型数据(&X)": "Load the typical set for a &township (rural) station",
    "载入街道（城市社区）联络站典型数据(&J)": "Load the typical set for a &sub-district (urban) station",
    "原截止日期": "Current deadline",
    "延期理由：必须填写": "Reason for the extension: required",
    "手工填写新截止日期": "Type the new deadline by hand",
    "新截止日期": "New deadline",
    "该年份尚无正式节假日安排，公布后可能变动": "that year's holidays are not announced yet; it may move",
    "截止 {due}": "due {due}",
    "手填截止日期": "Type deadline",
    "手填截止日期的理由（必填）": "Reason for the typed deadline (required)",
    "按手填截止日期": "Typed deadline",
    "意见建议督办单（超期 {n} 条）": "Urging slips ({n} overdue)",
    "目前没有超期的意见。": "No opinion is overdue.",
    "超期督办单": "Urging slips",
    "超期督办单（全部）…": "Urging slips (all overdue)…",
}


def fill(ts_path: Path = TS) -> tuple[int, list[str]]:
    """Write EN into every unfinished message; returns (filled, sources still without English)."""
    tree = ET.parse(ts_path)
    filled, missing = 0, []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        english = EN.get(source)
        if english is None:
            if translation.get("type") == "unfinished":
                missing.append(source)
            continue
        translation.text = english
        translation.attrib.pop("type", None)
        filled += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return filled, sorted(set(missing))


if __name__ == "__main__":
    n, missing = fill()
    print(f"filled {n}; without English: {len(missing)}")
    for s in missing:
        print("  ", s)
    sys.exit(0)
