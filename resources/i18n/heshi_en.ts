<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="415" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="415" />
        <source>（暂停计时）</source>
        <translation> (paused)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="416" />
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="417" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="418" />
        <source>反映人</source>
        <translation>Raised by</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="419" />
        <source>处理方式</source>
        <translation>Route</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="420" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="421" />
        <source>协办单位</source>
        <translation>Assisting units</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="422" />
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="430" />
        <source>截止日期</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="423" />
        <source>接待代表</source>
        <translation>Deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="424" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="427" />
        <source>期限提示</source>
        <translation>Deadline note</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="429" />
        <source>办理答复</source>
        <translation>Unit reply</translation>
    </message>
</context>
<context>
    <name>ActivityForm</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="221" />
        <source>活动类型</source>
        <translation>Kind of activity</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="222" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="223" />
        <source>参加代表</source>
        <translation>Deputies taking part</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="225" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="226" />
        <source>活动内容</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="227" />
        <source>联系对象</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="228" />
        <source>联系方式</source>
        <translation>Contact way</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="229" />
        <source>反映的问题</source>
        <translation>Matters raised</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="232" />
        <source>把反映的问题登记为意见（站内协调办理）</source>
        <translation>Register what was raised as an opinion (handled at the station)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="64" />
        <source>代表联络站台账</source>
        <translation>Liaison station ledger</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="90" />
        <source>正在生成演示数据（虚构人员）…</source>
        <translation>Generating demo data (fictional people)…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="101" />
        <source>正在把演示数据补到今天（虚构人员）…</source>
        <translation>Bringing the demo data up to today (fictitious people)…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="145" />
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="146" />
        <source>处理演示数据失败：</source>
        <translation>The demo data could not be prepared: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/app.py" line="161" />
        <source>无法打开台账</source>
        <translation>Cannot open the ledger</translation>
    </message>
</context>
<context>
    <name>ArchiveTab</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="174" />
        <source>述职满意率</source>
        <translation>Report-back satisfaction</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="177" />
        <source>保存履职档案 PDF…</source>
        <translation>Save performance archive PDF…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="198" />
        <source>联系选民一栏为“次数/年度要求”；本站要求每位代表每年联系选民不少于 {n} 次。</source>
        <translation>The constituent-contact column shows “contacts/yearly expectation”; this station expects at least {n} contacts per deputy a year.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="209" />
        <source>保存履职档案</source>
        <translation>Save performance archive</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="209" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="218" />
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
</context>
<context>
    <name>AttendancePage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="106" />
        <source>安排接待日…</source>
        <translation>Plan a reception day…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="108" />
        <source>代表进站履职</source>
        <translation>Deputies' attendance</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="110" />
        <source>年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="112" />
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="118" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="119" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="149" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="120" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="121" />
        <source>值班代表</source>
        <translation>Deputies on duty</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="122" />
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="128" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="167" />
        <source>代表</source>
        <translation>Deputy</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="129" />
        <source>出勤</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="129" />
        <source>未登记</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="130" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="355" />
        <source>到站</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="131" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="355" />
        <source>离站</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="132" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="173" />
        <source>接待人数</source>
        <translation>People received</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="133" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="174" />
        <source>收集意见</source>
        <translation>Opinions collected</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="134" />
        <source>请假事由</source>
        <translation>Reason for leave</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="135" />
        <source>履职活动</source>
        <translation>Deputy activities</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="139" />
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="140" />
        <source>签退</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="141" />
        <source>请假…</source>
        <translation>Leave…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="142" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="171" />
        <source>缺席</source>
        <translation>Absent</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="146" />
        <source>履职活动，如：接待选民、走访群众、调研</source>
        <translation>Activities, e.g. receiving voters, visiting residents, research</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="147" />
        <source>保存履职活动</source>
        <translation>Save activities</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="157" />
        <source>选中接待日的值班代表</source>
        <translation>Deputies on duty that day</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="163" />
        <source>代表年度履职</source>
        <translation>Deputy's year</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="168" />
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="169" />
        <source>出席</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="170" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="408" />
        <source>请假</source>
        <translation>On leave</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="172" />
        <source>接待批次</source>
        <translation>Receptions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="181" />
        <source>打印履职情况统计…</source>
        <translation>Print yearly record…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="184" />
        <source>打印接待公告…</source>
        <translation>Print reception notice…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="194" />
        <source>本月接待日</source>
        <translation>Reception days this month</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="238" />
        <source>全部代表</source>
        <translation>All deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="252" />
        <source>请先在“本月接待日”中选中一个接待日。</source>
        <translation>First select a reception day in “Reception days this month”.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="254" />
        <source>接待公告</source>
        <translation>Reception notice</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="260" />
        <source>履职情况统计</source>
        <translation>Deputies' yearly record</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="328" />
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="378" />
        <source>请先选择接待日和代表。</source>
        <translation>Pick a reception day and a deputy first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="343" />
        <source>未修改。</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="358" />
        <source>已记录：</source>
        <translation>Recorded: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="365" />
        <source>确认修改</source>
        <translation>Confirm change</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="366" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="367" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="408" />
        <source>请假事由：</source>
        <translation>Reason for leave:</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="69" />
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="77" />
        <source>程序每天自动备份一次（打开时和开着时每小时检查），保留最近14天每天一份、12个月每月一份；手动备份不会被自动删除。备份文件夹可以选U盘，U盘没插时自动备份先放在本机默认文件夹。</source>
        <translation>The ledger is backed up automatically once a day (checked at start and hourly); one backup per day is kept for 14 days and one per month for 12 months; manual backups are never deleted automatically. The backup folder can be on a USB drive; when it is not plugged in, the automatic backup goes to the default folder on this PC.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="85" />
        <location filename="../../heshi_station/ui/backup_panel.py" line="88" />
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="89" />
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="90" />
        <source>用默认文件夹</source>
        <translation>Use default folder</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="101" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="102" />
        <source>恢复所选备份…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="103" />
        <source>从其他文件恢复…</source>
        <translation>Restore from another file…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="111" />
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="111" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="111" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="111" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="121" />
        <source>备份列表</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="150" />
        <source>选择备份文件夹</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="154" />
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="154" />
        <source>台账备份 (*.sqlite3 *.db);;所有文件 (*)</source>
        <translation>Ledger backups (*.sqlite3 *.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="199" />
        <source>共 {n} 份备份，最近一次：{when}（{kind}）</source>
        <translation>{n} backups, latest: {when} ({kind})</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="204" />
        <source>这个文件夹里还没有备份。</source>
        <translation>No backups in this folder yet.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="213" />
        <source>备份完成</source>
        <translation>Backup done</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="213" />
        <source>已备份并校验：
{path}</source>
        <translation>Backed up and verified:
{path}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="248" />
        <source>（未设置联络站）</source>
        <translation>(station not set up)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="250" />
        <source>用这个备份替换现在的台账？

文件：{file}
联络站：{station}
接待记录 {r} 条，意见建议 {o} 条

现在的台账会先另存一份“恢复前”备份，需要时还能恢复回来。</source>
        <translation>Replace the current ledger with this backup?

File: {file}
Station: {station}
{r} receptions, {o} opinions

The current ledger is first saved as a "before restore" backup, so it can be restored later.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="253" />
        <source>恢复台账</source>
        <translation>Restore the ledger</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="266" />
        <source>
恢复前的台账已另存为：
{path}</source>
        <translation>
The ledger as it was before is saved as:
{path}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="267" />
        <source>恢复完成</source>
        <translation>Restore done</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="267" />
        <source>台账已从备份恢复。</source>
        <translation>The ledger was restored from the backup.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/backup_panel.py" line="271" />
        <source>这是另一个联络站的备份</source>
        <translation>This is another station's backup</translation>
    </message>
</context>
<context>
    <name>CategoriesEditor</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="72" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="73" />
        <source>办理时限（工作日）</source>
        <translation>Time limit (working days)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="74" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="74" />
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="83" />
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="74" />
        <source>停用</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="78" />
        <source>类别名称</source>
        <translation>Category name</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="81" />
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="82" />
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
</context>
<context>
    <name>CorrectReceptionDialog</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="102" />
        <source>更正接待记录</source>
        <translation>Correct reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="121" />
        <source>必填，例如：电话登记错误</source>
        <translation>Required, e.g. wrong phone number registered</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="122" />
        <source>接待时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="123" />
        <source>接待地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="124" />
        <source>反映问题</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="125" />
        <source>办理情况</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="126" />
        <source>来访人姓名</source>
        <translation>Visitor's name</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="127" />
        <source>联系电话</source>
        <translation>phone</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="128" />
        <source>村（社区）</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="129" />
        <source>更正理由</source>
        <translation>Reason for correction</translation>
    </message>
</context>
<context>
    <name>DeputiesPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="26" />
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="35" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="27" />
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="28" />
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="43" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="29" />
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="44" />
        <source>选区/联系村</source>
        <translation>Constituency / village</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="30" />
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="45" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="31" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="31" />
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="46" />
        <source>在任</source>
        <translation>In office</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="31" />
        <source>停用</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="39" />
        <source>代表层级</source>
        <translation>Deputy level</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="49" />
        <source>代表名册</source>
        <translation>Deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="55" />
        <source>打印履职情况统计…</source>
        <translation>Print yearly record…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/deputies_page.py" line="74" />
        <source>履职情况统计</source>
        <translation>Deputies' yearly record</translation>
    </message>
</context>
<context>
    <name>DeputyPicker</name>
    <message>
        <location filename="../../heshi_station/ui/widgets.py" line="139" />
        <source>还没有代表：请先到“代表名册”页添加。</source>
        <translation>No deputies yet: add them on the “Deputies” page first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/widgets.py" line="142" />
        <source>去添加代表(&amp;D)</source>
        <translation>Add &amp;deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/widgets.py" line="145" />
        <source>输入姓名或拼音首字母，回车选中</source>
        <translation>Type a name or pinyin initials, Enter picks</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/widgets.py" line="227" />
        <source>已选：</source>
        <translation>Picked: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/widgets.py" line="227" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>DutiesPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="229" />
        <source>显示已作废</source>
        <translation>Show voided</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="231" />
        <source>代表履职</source>
        <translation>Deputies' duties</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="233" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="267" />
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="241" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="253" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="266" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="278" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="242" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="243" />
        <source>参加代表</source>
        <translation>Deputies taking part</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="244" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="245" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="254" />
        <source>述职代表</source>
        <translation>Reporting deputy</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="255" />
        <source>到会选民</source>
        <translation>Voters present</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="256" />
        <source>满意/基本满意/不满意</source>
        <translation>Satisfied/basically/dissatisfied</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="257" />
        <source>满意率</source>
        <translation>Satisfaction rate</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="258" />
        <source>测评结果</source>
        <translation>Evaluation result</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="268" />
        <source>通过规则</source>
        <translation>Adoption rule</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="269" />
        <source>参加票决</source>
        <translation>Voting</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="270" />
        <source>通过项目</source>
        <translation>Adopted projects</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="279" />
        <source>培训主题</source>
        <translation>Training topic</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="280" />
        <source>学时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="281" />
        <source>出席</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="282" />
        <source>请假/缺席</source>
        <translation>Leave/absent</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="239" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="287" />
        <source>履职活动</source>
        <translation>Deputy activities</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="251" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="288" />
        <source>述职测评</source>
        <translation>Report-back evaluations</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="264" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="289" />
        <source>民生实事票决</source>
        <translation>Project votes</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="276" />
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="290" />
        <source>培训台账</source>
        <translation>Training ledger</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="291" />
        <source>履职档案</source>
        <translation>Performance archive</translation>
    </message>
</context>
<context>
    <name>DutyForm</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="83" />
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="120" />
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="85" />
        <source>取消更正</source>
        <translation>Cancel correction</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="95" />
        <source>必填，例如：参加代表登记有误</source>
        <translation>Required, e.g. the deputies taking part were entered wrongly</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="103" />
        <source>更正理由</source>
        <translation>Reason for correction</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="120" />
        <source>保存更正 (Ctrl+S)</source>
        <translation>Save correction (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="132" />
        <source>记录中有已停用或新加入名册的代表（编号 {ids}），请重新打开本页或在命令行更正。</source>
        <translation>The record names deputies who are inactive or new on the register (ids {ids}); reopen this page or correct it on the command line.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="138" />
        <source>正在更正：</source>
        <translation>Correcting: </translation>
    </message>
</context>
<context>
    <name>DutyTab</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="60" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="65" />
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="67" />
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="75" />
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="103" />
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="103" />
        <source>已保存更正。</source>
        <translation>Correction saved.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="110" />
        <source>请先在列表中选择要更正的记录。</source>
        <translation>Select the record to correct in the list first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="113" />
        <source>该记录已作废，不能更正。</source>
        <translation>This record is voided and cannot be corrected.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="116" />
        <source>已载入所选记录：改好后填写更正理由，按 Ctrl+S 保存更正。</source>
        <translation>The selected record is loaded: change it, give the reason for the correction and press Ctrl+S to save it.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="126" />
        <source>请先在列表中选择一条记录。</source>
        <translation>Select a record in the list first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="129" />
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="129" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="135" />
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="141" />
        <source>请先在列表中选择要作废的记录。</source>
        <translation>Select the record to void in the list first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="144" />
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="144" />
        <source>作废理由：</source>
        <translation>Reason for voiding:</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duties_page.py" line="156" />
        <source>已作废。</source>
        <translation>Voided.</translation>
    </message>
</context>
<context>
    <name>EditableList</name>
    <message>
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="39" />
        <source>筛选（名称或拼音首字母）</source>
        <translation>Filter (name or pinyin initials)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="52" />
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="133" />
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="53" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="131" />
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/editable_list.py" line="147" />
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>FigureCard</name>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="62" />
        <source>上月 {value}</source>
        <translation>Last month {value}</translation>
    </message>
</context>
<context>
    <name>FirstLaunchWizard</name>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="52" />
        <source>欢迎使用代表联络站台账</source>
        <translation>Welcome to the liaison station ledger</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="68" />
        <source>第一次使用：请填写联络站信息</source>
        <translation>First use: the station's details</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="71" />
        <source>这些信息会印在每月的台账上，以后可以在“设置”里修改。如果想先看看程序怎么用，可以打开演示数据（虚构人员），不会影响正式台账。</source>
        <translation>These details are printed on every monthly ledger and can be changed later in Settings. To look around first, open the demo data (fictional people); your real ledger stays untouched.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="80" />
        <source>先用演示数据看看</source>
        <translation>Try the demo data first</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="81" />
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="118" />
        <source>准备基础数据：代表名册、办理单位、意见类别</source>
        <translation>Reference data: deputies, handling units, categories</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="121" />
        <source>登记接待前，台账里最好有本站的代表、办理单位和意见类别（含办理时限）。请选一种方式，以后都可以在“代表名册”“基础数据”里增改。</source>
        <translation>Before the first reception the ledger should hold the station's deputies, handling units and categories (with time limits). Choose one way; all can be changed later under “Deputies” and “Reference data”.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="127" />
        <source>从市中心同步（首次同步）(&amp;C)</source>
        <translation>Sync from the &amp;city centre (first sync)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="128" />
        <source>从以前的 Excel 台账导入(&amp;E)…</source>
        <translation>Import an old &amp;Excel ledger…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="129" />
        <source>载入街道（城市社区）联络站典型数据(&amp;J)</source>
        <translation>Load the typical set for a &amp;sub-district (urban) station</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="130" />
        <source>载入乡镇（农村）联络站典型数据(&amp;X)</source>
        <translation>Load the typical set for a &amp;township (rural) station</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="131" />
        <source>以后再说，直接开始(&amp;L)</source>
        <translation>&amp;Later, start now</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="133" />
        <source>使用“设置”中的市中心地址和令牌；还没有设置时会提示并打开同步设置。</source>
        <translation>Uses the centre address and token from Settings; if none is set you are told so and the sync settings open.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="134" />
        <source>打开“台账打印”页的 Excel 导入，先预览再导入。</source>
        <translation>Opens the Excel import of the “Print ledgers” page: preview first.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="135" />
        <source>常见的区级部门和街道办事处，以及城市社区常见的意见类别和时限。</source>
        <translation>The usual district departments and sub-district office, with the categories and time limits of urban communities.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="136" />
        <source>常见的县级部门和镇人民政府，以及农村常见的意见类别和时限。</source>
        <translation>The usual county departments and township government, with the categories and time limits of rural areas.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/wizard.py" line="167" />
        <source>未载入：</source>
        <translation>Not loaded: </translation>
    </message>
</context>
<context>
    <name>FormPreviewDialog</name>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="63" />
        <location filename="../../heshi_station/ui/form_preview.py" line="91" />
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="66" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="67" />
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="70" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="106" />
        <source>共 {n} 页。</source>
        <translation>{n} page(s).</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="126" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="129" />
        <source>已发送到打印机：{n} 页。</source>
        <translation>Sent to the printer: {n} page(s).</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="135" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="135" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/form_preview.py" line="142" />
        <source>已保存：</source>
        <translation>Saved: </translation>
    </message>
</context>
<context>
    <name>LedgerPrintPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="250" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="250" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="271" />
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="271" />
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="286" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/ledger_print_page.py" line="286" />
        <source>导入 Excel 台账</source>
        <translation>Import an Excel ledger</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="93" />
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="163" />
        <source>此页面暂不可用，详见日志。</source>
        <translation>This page is not available; see the log.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="230" />
        <source>（未设置联络站）</source>
        <translation>(station not set up)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="231" />
        <source>【演示数据】</source>
        <translation>[DEMO] </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="99" />
        <location filename="../../heshi_station/ui/main_window.py" line="232" />
        <source>代表联络站台账</source>
        <translation>Liaison station ledger</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="83" />
        <source>正在打开台账…</source>
        <extracomment>Emitted once the ledger is open and the window shows its pages (``attach``).</extracomment>
        <translation>Opening the ledger…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="233" />
        <source>台账文件：</source>
        <translation>Ledger file: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="239" />
        <source>“{page}”中填写的内容</source>
        <translation>What was typed on “{page}”</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="253" />
        <source>恢复未保存的登记</source>
        <translation>Restore unsaved reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="255" />
        <source>上次关闭程序时，有一条接待登记还没有保存（草稿时间：{at}）。要恢复它继续填写吗？</source>
        <translation>When the program last closed, a reception was not saved yet (draft of {at}). Restore it and carry on?</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="259" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/main_window.py" line="260" />
        <source>丢弃草稿</source>
        <translation>Discard draft</translation>
    </message>
</context>
<context>
    <name>OpinionDialogs</name>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="74" />
        <source>当场答复</source>
        <translation>Answered on the spot</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="75" />
        <source>答复内容</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="80" />
        <source>签收</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="81" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="101" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="110" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="124" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="142" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="156" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="165" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="86" />
        <source>退回改派</source>
        <translation>Return for reassignment</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="87" />
        <source>退回理由</source>
        <translation>Reason for return</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="92" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="93" />
        <source>办理答复</source>
        <translation>Unit reply</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="98" />
        <source>反馈</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="100" />
        <source>反馈方式</source>
        <translation>Feedback method</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="107" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="109" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="114" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="392" />
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="414" />
        <source>延长工作日</source>
        <translation>Extra working days</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="418" />
        <source>延期理由</source>
        <translation>Reason for extension</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="117" />
        <source>暂停计时</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="118" />
        <source>暂停理由</source>
        <translation>Reason for pause</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="123" />
        <source>恢复计时</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="129" />
        <source>督办</source>
        <translation>Urge</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="130" />
        <source>督办意见</source>
        <translation>Supervision note</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="135" />
        <source>重新办理</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="136" />
        <source>重新办理原因</source>
        <translation>Reason for reopening</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="141" />
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="147" />
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="148" />
        <source>撤回原因</source>
        <translation>Reason for withdrawal</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="153" />
        <source>重复件</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="155" />
        <source>重复于（意见编号）</source>
        <translation>Duplicate of (opinion id)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="164" />
        <source>补充说明</source>
        <translation>Add note</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="195" />
        <source>办理时间</source>
        <translation>Time of the step</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="203" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="206" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="306" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="399" />
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="277" />
        <source>：必须填写</source>
        <translation>: required</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="287" />
        <source>转办</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="292" />
        <source>（选择主办单位）</source>
        <translation>(choose the lead unit)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="316" />
        <source>手工填写截止日期</source>
        <translation>Type the deadline by hand</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="321" />
        <source>手工填写的理由（必填）</source>
        <translation>Reason for the typed deadline (required)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="322" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="323" />
        <source>协办单位</source>
        <translation>Assisting units</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="324" />
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="325" />
        <source>截止日期</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="327" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="417" />
        <source>手工截止日期</source>
        <translation>Typed deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="328" />
        <source>理由</source>
        <translation>reason</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="329" />
        <source>转办说明</source>
        <translation>Transfer note</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="349" />
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="431" />
        <source>手工填写，见下</source>
        <translation>Typed by hand, see below</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="382" />
        <source>该年份尚无正式节假日安排，公布后可能变动</source>
        <translation>that year's holidays are not announced yet; it may move</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="384" />
        <source>（按工作日计算，已扣除节假日）</source>
        <translation> (working days, holidays excluded)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="394" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="403" />
        <source>手工填写新截止日期</source>
        <translation>Type the new deadline by hand</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="413" />
        <source>原截止日期</source>
        <translation>Current deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="415" />
        <source>新截止日期</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="446" />
        <source>延期理由：必须填写</source>
        <translation>Reason for the extension: required</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinion_dialogs.py" line="361" />
        <source>主办单位：必须选择</source>
        <translation>Lead unit: required</translation>
    </message>
</context>
<context>
    <name>OpinionRow</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="214" />
        <source>意见建议内容（不填则不形成意见）</source>
        <translation>Opinion (leave empty for none)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="223" />
        <source>当场答复的内容</source>
        <translation>Answer given on the spot</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="226" />
        <source>手填截止日期</source>
        <translation>Type deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="231" />
        <source>手填截止日期的理由（必填）</source>
        <translation>Reason for the typed deadline (required)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="238" />
        <source>删除这条意见</source>
        <translation>Remove this opinion</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="241" />
        <source>处理方式</source>
        <translation>Route</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="243" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="246" />
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="264" />
        <source>意见</source>
        <translation>Opinion </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="269" />
        <source>（选择主办单位）</source>
        <translation>(choose the lead unit)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="335" />
        <source>时限{n}个工作日，截止 {due}</source>
        <translation>{n} working days, due {due}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="341" />
        <source>截止 {due}</source>
        <translation>due {due}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="346" />
        <source>按手填截止日期</source>
        <translation>Typed deadline</translation>
    </message>
</context>
<context>
    <name>OpinionTableModel</name>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="34" />
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="35" />
        <source>意见内容</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="36" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="37" />
        <source>反映人</source>
        <translation>Raised by</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="39" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="42" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="44" />
        <source>截止日期</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/models/opinion_table_model.py" line="47" />
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>OpinionsPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="73" />
        <source>全部状态</source>
        <translation>Any state</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="74" />
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="78" />
        <source>全部期限</source>
        <translation>Any deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="85" />
        <source>搜索内容、姓名、电话或拼音首字母</source>
        <translation>Search text, name, phone or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="92" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="93" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="94" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="95" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="96" />
        <source>登记月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="101" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="134" />
        <source>转办</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="148" />
        <source>打印转办单…</source>
        <translation>Print transfer slip…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="149" />
        <source>打印督办单…</source>
        <translation>Print supervision slip…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="153" />
        <source>超期督办单（全部）…</source>
        <translation>Urging slips (all overdue)…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="222" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="223" />
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="235" />
        <source>全部月份</source>
        <translation>All months</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="263" />
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="329" />
        <source>没有选中的意见</source>
        <translation>No opinion selected</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="339" />
        <source>意见建议转办单</source>
        <translation>Transfer slip</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="339" />
        <source>意见建议督办单</source>
        <translation>Supervision slip</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="363" />
        <source>超期督办单</source>
        <translation>Urging slips</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="363" />
        <source>目前没有超期的意见。</source>
        <translation>No opinion is overdue.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/opinions_page.py" line="374" />
        <source>意见建议督办单（超期 {n} 条）</source>
        <translation>Urging slips ({n} overdue)</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="34" />
        <source>工作台</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="36" />
        <source>接待登记</source>
        <translation>Reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="40" />
        <source>接待记录</source>
        <translation>Receptions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="45" />
        <source>意见办理</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="48" />
        <source>代表进站</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="50" />
        <source>代表履职</source>
        <translation>Deputies' duties</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="52" />
        <source>代表名册</source>
        <translation>Deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="56" />
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="62" />
        <source>台账打印</source>
        <translation>Print ledgers</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="69" />
        <source>同步退回记录</source>
        <translation>Sync fix-ups</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/__init__.py" line="74" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>PlanDayDialog</name>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="51" />
        <source>安排接待日</source>
        <translation>Plan a reception day</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="57" />
        <source>联络站接待室</source>
        <translation>Station reception room</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="65" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="66" />
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="67" />
        <source>结束时间</source>
        <translation>End time</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="68" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="69" />
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/attendance_page.py" line="70" />
        <source>值班代表</source>
        <translation>Deputies on duty</translation>
    </message>
</context>
<context>
    <name>ReceptionListPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="49" />
        <source>搜索：反映问题、姓名、电话、村（社区）、拼音首字母</source>
        <translation>Search: matter, name, phone, village, pinyin initials</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="64" />
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="65" />
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="66" />
        <source>打印转办单…</source>
        <translation>Print transfer slip…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="73" />
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="91" />
        <source>接待记录</source>
        <translation>Receptions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="110" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="138" />
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="171" />
        <source>接待时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="172" />
        <source>接待方式</source>
        <translation>Reception way</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="173" />
        <source>接待地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="174" />
        <source>接待代表</source>
        <translation>Deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="175" />
        <source>来访人</source>
        <translation>Visitor </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="175" />
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="177" />
        <source>反映问题</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="178" />
        <source>办理情况</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="179" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="180" />
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="186" />
        <source>（{n} 次）</source>
        <translation> ({n} times)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="188" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="225" />
        <source>转办单：{text}</source>
        <translation>Transfer slip: {text}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/receptions_list_page.py" line="231" />
        <source>打印转办单</source>
        <translation>Print transfer slip</translation>
    </message>
</context>
<context>
    <name>ReceptionPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="78" />
        <source>选民接待登记</source>
        <translation>Voter reception register</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="88" />
        <source>如：联络站接待室</source>
        <translation>e.g. station reception room</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="90" />
        <source>接待时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="91" />
        <source>接待方式</source>
        <translation>Reception way</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="92" />
        <source>接待地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="93" />
        <source>接待代表</source>
        <translation>Deputies</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="96" />
        <source>来访人</source>
        <translation>Visitor </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="102" />
        <source>添加来访人(&amp;A)</source>
        <translation>Add visitor (&amp;A)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="108" />
        <source>来访人反映的问题，尽量用来访人自己的话</source>
        <translation>The matter, in the visitor's own words</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="114" />
        <source>保密</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="115" />
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="546" />
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="119" />
        <source>反映问题</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="120" />
        <source>意见类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="124" />
        <source>意见建议</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="127" />
        <source>添加意见(&amp;Y)</source>
        <translation>Add opinion (&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="145" />
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="148" />
        <source>下一条 (Ctrl+N)</source>
        <translation>Next (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="216" />
        <source>（选择类别）</source>
        <translation>(choose a category)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="361" />
        <source>这条接待登记</source>
        <translation>This reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="377" />
        <source>已放弃未保存的内容（没有存入台账）。</source>
        <translation>Discarded what was not saved (nothing was written to the ledger).</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="501" />
        <source>可能重复：近期已有相似意见，请核对后再登记</source>
        <translation>Possible duplicate: similar recent opinions exist, please check</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="534" />
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="550" />
        <source>✔ 已保存：{time} {names}，意见 {n} 条。可以登记下一位。</source>
        <translation>✔ Saved: {time} {names}, {n} opinion(s). Ready for the next visitor.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="565" />
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_page.py" line="570" />
        <source>未保存：请按红字提示修改后再保存（共 {n} 处）。</source>
        <translation>Not saved: correct the {n} item(s) in red, then save again.</translation>
    </message>
</context>
<context>
    <name>ReferenceDataPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="108" />
        <source>办理单位</source>
        <translation>Handling units</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="109" />
        <source>意见类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="113" />
        <source>导入节假日文件…</source>
        <translation>Import holiday file…</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="117" />
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="130" />
        <source>选择节假日文件</source>
        <translation>Choose a holiday file</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="130" />
        <source>节假日文件 (*.xlsx *.csv)</source>
        <translation>Holiday file (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="146" />
        <source>节假日安排已导入</source>
        <translation>Holiday arrangement imported</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="151" />
        <source>节假日文件未导入</source>
        <translation>Holiday file not imported</translation>
    </message>
</context>
<context>
    <name>ReportBackForm</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="291" />
        <source>述职代表</source>
        <translation>Reporting deputy</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="294" />
        <source>述职日期</source>
        <translation>Report-back date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="295" />
        <source>述职地点</source>
        <translation>Report-back place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="296" />
        <source>到会选民人数</source>
        <translation>Voters present</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="297" />
        <source>述职报告摘要</source>
        <translation>Summary of the report</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="300" />
        <source>满意票</source>
        <translation>Satisfied votes</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="301" />
        <source>基本满意票</source>
        <translation>Basically satisfied votes</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="302" />
        <source>不满意票</source>
        <translation>Dissatisfied votes</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="303" />
        <source>无效票</source>
        <translation>Invalid ballots</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="46" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="48" />
        <source>联络站信息</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="51" />
        <source>保存联络站信息</source>
        <translation>Save station details</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="58" />
        <source>显示</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="70" />
        <source>高对比度（黑白分明，适合强光或视力不便）</source>
        <translation>High contrast (black on white, for bright rooms or weak eyesight)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="72" />
        <source>字号</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="73" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="75" />
        <source>配色</source>
        <translation>Colours</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="78" />
        <source>与市中心同步</source>
        <translation>Sync with the city centre</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="123" />
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/settings_page.py" line="149" />
        <source>界面语言将在下次启动时生效。</source>
        <translation>The language changes at the next start.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../heshi_station/ui/startup.py" line="67" />
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/startup.py" line="70" />
        <source>已保存的台账不受影响。日志文件：</source>
        <translation>The saved ledger is not affected. Log file: </translation>
    </message>
</context>
<context>
    <name>StationForm</name>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="16" />
        <source>如：东风街道人大代表联络站</source>
        <translation>e.g. Dongfeng Street Deputy Liaison Station</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="18" />
        <source>市中心分配的编码，如 DF-01</source>
        <translation>Code given by the centre, e.g. DF-01</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="23" />
        <source>联络员姓名，打印台账时作为经办人</source>
        <translation>Clerk's name, printed on the ledgers</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="28" />
        <source>联络站名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="29" />
        <source>联络站编码</source>
        <translation>Station code</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="30" />
        <source>所属区县</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="31" />
        <source>所属乡镇(街道)</source>
        <translation>Township (street)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="32" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/station_form.py" line="33" />
        <source>联络员</source>
        <translation>Clerk</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="82" />
        <source>今日接待</source>
        <translation>Today's reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="88" />
        <source>需要关注的意见</source>
        <translation>Opinions needing attention</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="101" />
        <source>本月工作（与上月对比）</source>
        <translation>This month (against last month)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="105" />
        <source>接待批次</source>
        <translation>Receptions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="106" />
        <source>接待人数</source>
        <translation>People received</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="107" />
        <source>收集意见</source>
        <translation>Opinions collected</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="108" />
        <source>当场答复</source>
        <translation>Answered on the spot</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="109" />
        <source>转办</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="110" />
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="111" />
        <source>已反馈</source>
        <translation>Fed back</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="112" />
        <source>按时办结率</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="113" />
        <source>满意率</source>
        <translation>Satisfaction rate</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="125" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="158" />
        <source>今天是 {day}</source>
        <translation>Today is {day}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="163" />
        <source>接待日 {start}–{end}，地点：{place}
值班代表：{names}</source>
        <translation>Reception day {start}–{end} at {place}
On duty: {names}</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="171" />
        <source>下一个接待日：</source>
        <translation>Next reception day: </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="172" />
        <source>今天没有安排接待日。</source>
        <translation>No reception day today. </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/today_page.py" line="188" />
        <source>待同步记录：{n} 条</source>
        <translation>Not yet synced: {n}</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="408" />
        <source>培训主题</source>
        <translation>Training topic</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="409" />
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="410" />
        <source>培训日期</source>
        <translation>Training date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="411" />
        <source>学时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="412" />
        <source>例如 2 或 1.5</source>
        <translation>e.g. 2 or 1.5</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="413" />
        <source>培训地点</source>
        <translation>Training place</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="414" />
        <source>参训代表</source>
        <translation>Trainees</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="415" />
        <source>代表</source>
        <translation>Deputy</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="415" />
        <source>出勤</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="415" />
        <source>请假事由</source>
        <translation>Reason for leave</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="425" />
        <source>未参加</source>
        <translation>Not taking part</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="431" />
        <source>出勤选“未参加”的代表不记入本次培训。</source>
        <translation>Deputies marked “not taking part” are not recorded for this training.</translation>
    </message>
</context>
<context>
    <name>UnitsEditor</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="37" />
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="43" />
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="38" />
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="47" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="39" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="39" />
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="48" />
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reference_page.py" line="39" />
        <source>停用</source>
        <translation>Inactive</translation>
    </message>
</context>
<context>
    <name>UnsavedGuard</name>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="42" />
        <source>尚未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="43" />
        <source>{what}还没有保存。</source>
        <translation>{what} is not saved yet.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="45" />
        <source>保存：存入台账后继续；放弃：丢掉已填写的内容；取消：回到表单继续填写。</source>
        <translation>Save: write it to the ledger and go on; Discard: throw away what was typed; Cancel: go back to the form.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="49" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="50" />
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="51" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/unsaved_guard.py" line="82" />
        <source>当前表单</source>
        <translation>The current form</translation>
    </message>
</context>
<context>
    <name>VisitorRow</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="71" />
        <source>姓名（可输入拼音首字母查找）</source>
        <translation>Name (pinyin initials find earlier visitors)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="76" />
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="78" />
        <source>村（社区）</source>
        <translation>Village (community)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="86" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="88" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="90" />
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="92" />
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="94" />
        <source>删除这位来访人</source>
        <translation>Remove this visitor</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="118" />
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="156" />
        <source>来访人</source>
        <translation>Visitor </translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_rows.py" line="156" />
        <source>联系电话</source>
        <translation>phone</translation>
    </message>
</context>
<context>
    <name>VoidReceptionDialog</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="75" />
        <source>作废接待记录</source>
        <translation>Void reception</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="78" />
        <source>作废后记录仍保留，但不再计入统计，并同步到市中心。</source>
        <translation>A voided record is kept, no longer counted in the statistics, and synced to the city centre.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="80" />
        <source>这条接待记录的 {n} 条意见将一并作废。</source>
        <translation>Its {n} opinion(s) will be voided with it.</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="87" />
        <source>必填，例如：同一来访重复登记</source>
        <translation>Required, e.g. the same visit registered twice</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="89" />
        <source>接待记录</source>
        <translation>Receptions</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="91" />
        <source>作废理由</source>
        <translation>Reason for voiding</translation>
    </message>
</context>
<context>
    <name>VoteForm</name>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="341" />
        <source>票决年度</source>
        <translation>Vote year</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="344" />
        <source>票决日期</source>
        <translation>Vote date</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="345" />
        <source>通过规则</source>
        <translation>Adoption rule</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="346" />
        <source>全体代表人数</source>
        <translation>All deputies (number)</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="347" />
        <source>参加票决代表</source>
        <translation>Deputies voting</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="349" />
        <source>候选项目</source>
        <translation>Candidate projects</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/duty_forms.py" line="353" />
        <source>添加项目(&amp;P)</source>
        <translation>Add &amp;project</translation>
    </message>
</context>
<context>
    <name>_LedgerDialog</name>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="42" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../heshi_station/ui/pages/reception_fix_dialogs.py" line="43" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>