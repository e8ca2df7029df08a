<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>app::CoordinateLabel</name>
    <message>
        <location filename="../gui/CoordinateLabel.cpp" line="12"/>
        <source>Cursor: WGS84 longitude/latitude | CGCS2000 Gauss-Krüger easting/northing</source>
        <translation>光标：WGS84 经度/纬度 | CGCS2000 高斯-克吕格 东坐标/北坐标</translation>
    </message>
</context>
<context>
    <name>app::ExportMapDialog</name>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="19"/>
        <location filename="../gui/ExportMapDialog.cpp" line="55"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="23"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="26"/>
        <source>File (.png, .svg, .pdf)</source>
        <translation>文件（.png、.svg、.pdf）</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="36"/>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="37"/>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="38"/>
        <source>Resolution (dpi)</source>
        <translation>分辨率（dpi）</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="41"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="42"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="43"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="45"/>
        <source>Scale bar, north arrow and attribution</source>
        <translation>比例尺、指北针和数据来源</translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="55"/>
        <source>Maps (*.png *.svg *.pdf)</source>
        <translation>地图 (*.png *.svg *.pdf)</translation>
    </message>
</context>
<context>
    <name>app::IdentifyDock</name>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="13"/>
        <source>Identify</source>
        <translation>要素信息</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="18"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="18"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="52"/>
        <source>Selected</source>
        <translation>已选择</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/IdentifyDock.cpp" line="52"/>
        <source>%n feature(s)</source>
        <translation><numerusform>%n 个要素</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="63"/>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="63"/>
        <source>%1 is no longer in the project</source>
        <translation>要素 %1 已不在项目中</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="67"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="68"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="69"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="70"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="73"/>
        <source> (as of %1)</source>
        <translation>（截至 %1）</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="74"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="76"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="76"/>
        <location filename="../gui/IdentifyDock.cpp" line="80"/>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="78"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="78"/>
        <source>%1 m² (%2 mu)</source>
        <translation>%1 平方米（%2 亩）</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="80"/>
        <source>Completed length</source>
        <translation>已完成长度</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="82"/>
        <source>Water quality</source>
        <translation>水质</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="88"/>
        <source>Chainage at cursor</source>
        <translation>光标处里程</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="89"/>
        <source>%1 m (%2 m from the line)</source>
        <translation>%1 米（距线 %2 米）</translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="94"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
</context>
<context>
    <name>app::LayerTreeDock</name>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="51"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="65"/>
        <source>Draw the layer higher</source>
        <translation>上移图层</translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="68"/>
        <source>Draw the layer lower</source>
        <translation>下移图层</translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="71"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="98"/>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Hide the layer when the map is zoomed out beyond this scale (empty: never)</source>
        <translation>地图缩小超过此比例尺时隐藏该图层（留空：不隐藏）</translation>
    </message>
    <message>
        <source>Hide the layer when the map is zoomed in beyond this scale (empty: never)</source>
        <translation>地图放大超过此比例尺时隐藏该图层（留空：不隐藏）</translation>
    </message>
    <message>
        <source>Visible from</source>
        <translation>可见比例尺 从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Not drawn at this scale (scale range)</source>
        <translation>在此比例尺下不绘制（比例尺范围）</translation>
    </message>
</context>
<context>
    <name>app::MainWindow</name>
    <message>
        <source>%1

Password:</source>
        <translation>%1

密码：</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="66"/>
        <location filename="../gui/MainWindow.cpp" line="180"/>
        <source>PlanMap</source>
        <translation>规划地图 PlanMap</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="73"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="74"/>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="75"/>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="76"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="77"/>
        <source>Save project &amp;as…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="79"/>
        <source>&amp;Export map…</source>
        <translation>导出地图(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="79"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="81"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="83"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="84"/>
        <location filename="../gui/MainWindow.cpp" line="199"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="91"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="92"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="93"/>
        <source>Zoom to &amp;full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="93"/>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="94"/>
        <source>Zoom to &amp;selection</source>
        <translation>缩放到所选(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="94"/>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="95"/>
        <source>Zoom to current &amp;layer</source>
        <translation>缩放到当前图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="98"/>
        <source>Colour rivers by &amp;water quality</source>
        <translation>按水质着色河道(&amp;W)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="100"/>
        <source>&amp;Labels</source>
        <translation>标注(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="111"/>
        <source>Show as of &amp;date…</source>
        <translation>显示截至日期(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="127"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="127"/>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="128"/>
        <source>Zoom box</source>
        <translation>框选放大</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="128"/>
        <source>Z</source>
        <translation>Z</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="129"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="129"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="131"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="154"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="161"/>
        <source>Rendered in %1 ms</source>
        <translation>绘制 %1 毫秒</translation>
    </message>
    <message>
        <source>Another project is being opened</source>
        <translation>正在打开另一个项目</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Reading the map…</source>
        <translation>正在读取地图…</translation>
    </message>
    <message>
        <source>Reading the map as of %1…</source>
        <translation>正在读取截至 %1 的地图…</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="172"/>
        <location filename="../gui/MainWindow.cpp" line="282"/>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="181"/>
        <source> (synthetic sample data)</source>
        <translation>（合成示例数据）</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="216"/>
        <location filename="../gui/MainWindow.cpp" line="219"/>
        <source>Show as of date</source>
        <translation>显示截至日期</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="216"/>
        <source>Date (YYYY-MM-DD, empty = today)</source>
        <translation>日期（YYYY-MM-DD，留空为今天）</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="219"/>
        <source>&apos;%1&apos; is not a date YYYY-MM-DD</source>
        <translation>“%1”不是 YYYY-MM-DD 格式的日期</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="257"/>
        <location filename="../gui/MainWindow.cpp" line="260"/>
        <location filename="../gui/MainWindow.cpp" line="273"/>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="257"/>
        <location filename="../gui/MainWindow.cpp" line="291"/>
        <source>PlanMap projects (*.planmap)</source>
        <translation>PlanMap 项目 (*.planmap)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="260"/>
        <source>%1 exists already; choose a new name</source>
        <translation>%1 已存在，请换一个名称</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="283"/>
        <source>PlanMap projects (*.planmap);;All files (*)</source>
        <translation>PlanMap 项目 (*.planmap);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="291"/>
        <location filename="../gui/MainWindow.cpp" line="298"/>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="298"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="317"/>
        <source>Map written to %1</source>
        <translation>地图已写入 %1</translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="319"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <source>Save a &amp;copy…</source>
        <translation>保存副本(&amp;C)…</translation>
    </message>
    <message>
        <source> (read only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>保存副本</translation>
    </message>
    <message>
        <source>A copy of the project was written to %1</source>
        <translation>项目副本已写入 %1</translation>
    </message>
</context>
<context>
    <name>app::ScaleEdit</name>
    <message>
        <location filename="../gui/ScaleEdit.cpp" line="11"/>
        <source>Map scale; type 1:N and press Enter</source>
        <translation>地图比例尺；输入 1:N 后按回车</translation>
    </message>
</context>
<context>
    <name>app::SearchDock</name>
    <message>
        <location filename="../gui/SearchDock.cpp" line="17"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../gui/SearchDock.cpp" line="24"/>
        <source>Name, code or id</source>
        <translation>名称、代码或编号</translation>
    </message>
</context>
<context>
    <name>app::LeadershipController</name>
    <message>
        <source>Computing the figures…</source>
        <translation>正在计算统计数据…</translation>
    </message>
    <message>
        <source>The figures cannot be computed: %1</source>
        <translation>无法计算统计数据：%1</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>As of</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Villages</source>
        <translation>村居</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>&amp;Report…</source>
        <translation>报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Export &amp;table…</source>
        <translation>导出表格(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Add &amp;measurement…</source>
        <translation>录入监测值(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Colour &amp;villages by share done</source>
        <translation>按完成比例为村居着色(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Planners enter measured values of indicator targets</source>
        <translation>规划员录入指标类目标的监测值</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>The project's plan cannot be read: %1</source>
        <translation>无法读取项目的计划：%1</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Villages coloured by share done: %1</source>
        <translation>村居按完成比例着色：%1</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>all located targets</source>
        <translation>全部定位目标</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>The report as of %1 was written to
%2</source>
        <translation>截至 %1 的报告已写入
%2</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Table written to %1</source>
        <translation>表格已写入 %1</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Add measurement</source>
        <translation>录入监测值</translation>
    </message>
    <message>
        <location filename="../gui/LeadershipController.cpp"/>
        <source>Only a planner enters measurements; choose a planner as the current user.</source>
        <translation>只有规划员可以录入监测值；请将当前用户切换为规划员。</translation>
    </message>
</context>
<context>
    <name>app::ServerController</name>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>%1

Not pushed (kept in this copy, sent at a later synchronisation once mended):
%2</source>
        <translation>%1

未上传（保留在本副本中，修正后在下次同步时上传）：
%2</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Open &amp;server project…</source>
        <translation>打开服务器项目(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Take &amp;offline…</source>
        <translation>离线副本(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>S&amp;ynchronise</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Open server project</source>
        <translation>打开服务器项目</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Connection string (postgresql://user@host:port/database) or service=name</source>
        <translation>连接字符串（postgresql://用户@主机:端口/数据库）或 service=名称</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>'%1' is not a connection string (postgresql://… or service=…)</source>
        <translation>“%1”不是连接字符串（postgresql://… 或 service=…）</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Take offline</source>
        <translation>离线副本</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>%1 features, %2 events and %3 photos were copied to
%4

Open the field copy now?</source>
        <translation>已将 %1 个要素、%2 条进度记录和 %3 张照片复制到
%4

现在打开该外业副本吗？</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Synchronise</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Pushed %1 events, %2 photos, %3 edits; pulled %4 events, %5 photos, %6 edits.</source>
        <translation>已上传 %1 条记录、%2 张照片、%3 处编辑；已下载 %4 条记录、%5 张照片、%6 处编辑。</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Resolve conflict</source>
        <translation>解决冲突</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>No live updates from the server: %1</source>
        <translation>无法接收服务器实时更新：%1</translation>
    </message>
    <message>
        <location filename="../gui/ServerController.cpp"/>
        <source>Live updates stopped: %1</source>
        <translation>实时更新已停止：%1</translation>
    </message>
</context>
<context>
    <name>app::TakeOfflineDialog</name>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>Take offline</source>
        <translation>离线副本</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>A field copy holds the layers in an area with their current state; it works without a network and is synchronised later (File ▸ Synchronise).</source>
        <translation>外业副本包含某一范围内的图层及其当前状态；无网络时照常使用，之后再同步（文件 ▸ 同步）。</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>Village</source>
        <translation>村居</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>Current map extent</source>
        <translation>当前地图范围</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>Field copy</source>
        <translation>外业副本</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../gui/TakeOfflineDialog.cpp"/>
        <source>PlanMap projects (*.planmap *.sqlite)</source>
        <translation>PlanMap 项目 (*.planmap *.sqlite)</translation>
    </message>
</context>
<context>
    <name>app::ConflictDialog</name>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>mine (field copy)</source>
        <translation>我的（外业副本）</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>theirs (server)</source>
        <translation>他人的（服务器）</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Synchronisation conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>These features were edited in this copy and on the server since the copy was made. Nothing was overwritten: choose which version to keep.</source>
        <translation>自副本生成以来，这些要素在本副本和服务器上都被修改过。没有覆盖任何内容：请选择保留哪个版本。</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>edited on both sides (copy from version %1, server now %2)</source>
        <translation>双方都有修改（副本起始版本 %1，服务器当前 %2）</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>status going back, not sent: %1</source>
        <translation>状态倒退，未上传：%1</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Theirs</source>
        <translation>他人的</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Keep &amp;mine</source>
        <translation>保留我的(&amp;M)</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Keep &amp;theirs</source>
        <translation>保留他人的(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Show &amp;both</source>
        <translation>同时查看(&amp;B)</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>differs</source>
        <translation>不同</translation>
    </message>
    <message>
        <location filename="../gui/ConflictDialog.cpp"/>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
</context>
<context>
    <name>app::TimeSlider</name>
    <message>
        <location filename="../gui/TimeSlider.cpp"/>
        <source>Replay the plan's progress from its start</source>
        <translation>从计划开始日期起回放进度</translation>
    </message>
</context>
<context>
    <name>app::FieldController</name>
    <message>
        <source>%1 is not a user of this project</source>
        <translation>%1 不是本项目的用户</translation>
    </message>
    <message>
        <source>&amp;Delete selected features</source>
        <translation>删除选中要素(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>A line needs at least two points</source>
        <translation>线要素至少需要两个点</translation>
    </message>
    <message>
        <source>A polygon needs at least three points</source>
        <translation>面要素至少需要三个点</translation>
    </message>
    <message>
        <source>Add feature</source>
        <translation>添加要素</translation>
    </message>
    <message>
        <source>Add to the current layer: click a point; click the points of a line or polygon and double-click to finish</source>
        <translation>添加到当前图层：点击放置点要素；线或面要素逐点点击，双击结束</translation>
    </message>
    <message>
        <source>Attributes of %1</source>
        <translation>%1 的属性</translation>
    </message>
    <message>
        <source>Choose the layer to add to in the layer list first</source>
        <translation>请先在图层列表中选择要添加到的图层</translation>
    </message>
    <message>
        <source>Click on a river (or another line) to split it there</source>
        <translation>请点击河道（或其他线要素），在该处分割</translation>
    </message>
    <message>
        <source>Click on a river to split it there</source>
        <translation>点击河道，在该处将其分割</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n feature(s)</source>
        <translation>
            <numerusform>删除 %n 个要素</numerusform>
        </translation>
    </message>
    <message>
        <source>Drag a vertex of the selected feature; it snaps to vertices and edges nearby. Double-click an edge to add a vertex, a vertex to remove it</source>
        <translation>拖动选中要素的节点；节点会吸附到附近的节点和边。双击边可添加节点，双击节点可删除该节点</translation>
    </message>
    <message>
        <source>Edit &amp;attributes…</source>
        <translation>编辑属性(&amp;A)…</translation>
    </message>
    <message>
        <source>Edit vertices</source>
        <translation>编辑节点</translation>
    </message>
    <message>
        <source>GPS tracks (*.gpx *.geojson *.kml *.shp *.gpkg);;All files (*)</source>
        <translation>GPS 轨迹 (*.gpx *.geojson *.kml *.shp *.gpkg);;所有文件 (*)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Import &amp;GPS track…</source>
        <translation>导入 &amp;GPS 轨迹…</translation>
    </message>
    <message>
        <source>Import GPS track</source>
        <translation>导入 GPS 轨迹</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Mark stretch</source>
        <translation>标记河段</translation>
    </message>
    <message>
        <source>Marking</source>
        <translation>进度标记</translation>
    </message>
    <message>
        <source>Move feature</source>
        <translation>移动要素</translation>
    </message>
    <message>
        <source>New feature in %1</source>
        <translation>在“%1”中新建要素</translation>
    </message>
    <message>
        <source>Open a project</source>
        <translation>请打开一个项目</translation>
    </message>
    <message>
        <source>PlanMap</source>
        <translation>PlanMap</translation>
    </message>
    <message>
        <source>Split line</source>
        <translation>分割线要素</translation>
    </message>
    <message>
        <source>Switch &amp;user…</source>
        <translation>切换用户(&amp;U)…</translation>
    </message>
    <message>
        <source>The track %1 follows no river closely enough</source>
        <translation>轨迹 %1 没有足够贴近任何河道</translation>
    </message>
    <message>
        <source>Two clicks on the selected river set the start and the end of the stretch done</source>
        <translation>在选中的河道上点击两次，设定已完成河段的起点和终点</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>no user (read only)</source>
        <translation>未选择用户（只读）</translation>
    </message>
    <message>
        <source>%1 cannot be written (a read-only file or folder); it is shown, not changed</source>
        <translation>%1 不可写入（文件或文件夹为只读）；只能查看，不能修改</translation>
    </message>
    <message>
        <source>Shift+M</source>
        <translation>Shift+M</translation>
    </message>
    <message>
        <source>Shift+S</source>
        <translation>Shift+S</translation>
    </message>
    <message>
        <source>Drag a feature to move it</source>
        <translation>拖动要素以移动它</translation>
    </message>
</context>
<context>
    <name>app::MarkingPanel</name>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>; done %1 of %2 m</source>
        <translation>；已完成 %1 / %2 米</translation>
    </message>
    <message>
        <source>A correction needs a note saying why</source>
        <translation>更正需要填写原因说明</translation>
    </message>
    <message>
        <source>A mistaken mark is corrected by a new event; the note must say why</source>
        <translation>错误的标记通过新的事件更正；说明中必须写明原因</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>Attach photos</source>
        <translation>附加照片</translation>
    </message>
    <message>
        <source>Attach photos…</source>
        <translation>附加照片…</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Correct to</source>
        <translation>更正为</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>JPEG photos (*.jpg *.jpeg *.JPG *.JPEG)</source>
        <translation>JPEG 照片 (*.jpg *.jpeg *.JPG *.JPEG)</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Mark stretch done</source>
        <translation>标记河段完成</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Photos for the next mark</source>
        <translation>下一次标记的照片</translation>
    </message>
    <message>
        <source>Select a site, plot or river on the map</source>
        <translation>请在地图上选择一个站点、地块或河道</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Stretch done (chainage along the river)</source>
        <translation>已完成河段（沿河里程）</translation>
    </message>
    <message>
        <source>To</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>what was done; why, for a correction</source>
        <translation>完成了什么；若为更正，请写明原因</translation>
    </message>
</context>
<context>
    <name>app::HistoryView</name>
    <message>
        <source>%1: %2 event(s), now %3</source>
        <translation>%1：%2 条事件，当前 %3</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Select a feature to see its history</source>
        <translation>选择一个要素以查看其历史</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>correction: status → %1</source>
        <translation>更正：状态 → %1</translation>
    </message>
    <message>
        <source>correction: stretch %1–%2 m not done</source>
        <translation>更正：%1–%2 米河段未完成</translation>
    </message>
    <message>
        <source>retracted by %1 (recorded %2)</source>
        <translation>已由 %1 撤回（记录于 %2）</translation>
    </message>
    <message>
        <source>retraction (undo)</source>
        <translation>撤回（撤销）</translation>
    </message>
    <message>
        <source>status → %1</source>
        <translation>状态 → %1</translation>
    </message>
    <message>
        <source>stretch %1–%2 m done</source>
        <translation>%1–%2 米河段完成</translation>
    </message>
</context>
<context>
    <name>app::TrackReviewDialog</name>
    <message numerus="yes">
        <source>%n stretch(es) proposed. Tick the ones that were done and adjust their ends.</source>
        <translation>
            <numerusform>建议 %n 个河段。请勾选已完成的河段并调整其端点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <source>Accept ticked</source>
        <translation>接受勾选项</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>From (m)</source>
        <translation>起点（米）</translation>
    </message>
    <message>
        <source>GPS track</source>
        <translation>GPS 轨迹</translation>
    </message>
    <message>
        <source>Length (m)</source>
        <translation>长度（米）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>River</source>
        <translation>河道</translation>
    </message>
    <message>
        <source>Stretches the track followed</source>
        <translation>轨迹经过的河段</translation>
    </message>
    <message>
        <source>To (m)</source>
        <translation>终点（米）</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>Extended to the river's end where the walk stopped within the matching distance of it: %1</source>
        <translation>以下河道的轨迹在匹配距离内止于河道端点，已延伸至端点：%1</translation>
    </message>
    <message>
        <source>The day of the track's last point; change it if the work was done another day</source>
        <translation>轨迹最后一点的日期；如工作在其他日期完成，请修改</translation>
    </message>
</context>
<context>
    <name>app::UserDialog</name>
    <message>
        <source>Marks and edits are recorded under this name:</source>
        <translation>标记和编辑将以此用户名记录：</translation>
    </message>
    <message>
        <source>Who is working?</source>
        <translation>当前由谁操作？</translation>
    </message>
    <message>
        <source>planner</source>
        <translation>规划员</translation>
    </message>
    <message>
        <source>engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导</translation>
    </message>
</context>
<context>
    <name>app::FeatureForm</name>
    <message>
        <source>%1 is required</source>
        <translation>%1 为必填项</translation>
    </message>
    <message>
        <source>%1 must be a number, got &apos;%2&apos;</source>
        <translation>%1 必须是数字，而不是“%2”</translation>
    </message>
    <message>
        <source>%1 must be a whole number, got &apos;%2&apos;</source>
        <translation>%1 必须是整数，而不是“%2”</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
</context>
<context>
    <name>EditCommands</name>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Change shape of %1</source>
        <translation>修改 %1 的形状</translation>
    </message>
    <message>
        <source>Correct %1</source>
        <translation>更正 %1</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>Edit attributes of %1</source>
        <translation>编辑 %1 的属性</translation>
    </message>
    <message>
        <source>Mark %1 %2</source>
        <translation>标记 %1 为 %2</translation>
    </message>
    <message>
        <source>Mark %1 %2–%3 m done</source>
        <translation>标记 %1 的 %2–%3 米完成</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n stretch(es)</source>
        <translation>
            <numerusform>标记 %n 个河段</numerusform>
        </translation>
    </message>
    <message>
        <source>Split %1</source>
        <translation>分割 %1</translation>
    </message>
</context>
<context>
    <name>app::ImportWizard</name>
    <message>
        <source>Import layer</source>
        <translation>导入图层</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>A vector file GDAL reads: GeoPackage, Shapefile, GeoJSON, KML, CSV, GPX, DXF …</source>
        <translation>GDAL 可读取的矢量文件：GeoPackage、Shapefile、GeoJSON、KML、CSV、GPX、DXF …</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Source layer:</source>
        <translation>源图层：</translation>
    </message>
    <message>
        <source>Vector files (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.csv *.gpx *.dxf *.fgb *.sqlite *.planmap);;All files (*)</source>
        <translation>矢量文件 (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.csv *.gpx *.dxf *.fgb *.sqlite *.planmap);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Target layer and coordinate system</source>
        <translation>目标图层与坐标系</translation>
    </message>
    <message>
        <source>lower-case id, e.g. wells</source>
        <translation>小写标识，例如 wells</translation>
    </message>
    <message>
        <source>GCJ-02 (Chinese web maps: Amap, Tencent)</source>
        <translation>GCJ-02（国内网络地图：高德、腾讯）</translation>
    </message>
    <message>
        <source>BD-09 (Baidu maps)</source>
        <translation>BD-09（百度地图）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Into layer:</source>
        <translation>导入到图层：</translation>
    </message>
    <message>
        <source>New layer id:</source>
        <translation>新图层标识：</translation>
    </message>
    <message>
        <source>New layer name:</source>
        <translation>新图层名称：</translation>
    </message>
    <message>
        <source>Coordinate system:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <source>Offset coordinates:</source>
        <translation>偏移坐标：</translation>
    </message>
    <message>
        <source>Text encoding:</source>
        <translation>文本编码：</translation>
    </message>
    <message>
        <source>New layer…</source>
        <translation>新建图层…</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Read the report, then import.</source>
        <translation>尚未写入任何内容。请阅读报告后再导入。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>所有图层</translation>
    </message>
    <message>
        <source>From the file</source>
        <translation>使用文件自带坐标系</translation>
    </message>
    <message>
        <source>Choose: the file has no coordinate system</source>
        <translation>请选择：该文件没有坐标系</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Choose a user first (a planner may import).</source>
        <translation>请先选择用户（规划人员可以导入）。</translation>
    </message>
    <message>
        <source>
The file cannot be imported as it is: correct the errors listed above.</source>
        <translation>
该文件无法按原样导入：请修正上面列出的错误。</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Checking the features…</source>
        <translation>正在检查要素…</translation>
    </message>
    <message>
        <source>Writing to the project…</source>
        <translation>正在写入项目…</translation>
    </message>
    <message>
        <source>Imported %1 feature(s) into layer %2.</source>
        <translation>已导入 %1 个要素到图层 %2。</translation>
    </message>
    <message>
        <source>Imported %1 feature(s) into layer %2</source>
        <translation>已导入 %1 个要素到图层 %2</translation>
    </message>
    <message>
        <source>Import cancelled; the project is unchanged.</source>
        <translation>导入已取消；项目未改变。</translation>
    </message>
    <message>
        <source>Import failed; the project is unchanged.
%1</source>
        <translation>导入失败；项目未改变。
%1</translation>
    </message>
    <message>
        <source>Field in the file</source>
        <translation>文件中的字段</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>导入到</translation>
    </message>
    <message>
        <source>Fields:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>(skip)</source>
        <translation>（跳过）</translation>
    </message>
    <message>
        <source>geometry (longitude)</source>
        <translation>几何（经度）</translation>
    </message>
    <message>
        <source>geometry (latitude)</source>
        <translation>几何（纬度）</translation>
    </message>
    <message>
        <source>geometry (WKT)</source>
        <translation>几何（WKT）</translation>
    </message>
    <message>
        <source>The importer reads the features' geometry from this column.</source>
        <translation>导入时从此列读取要素的几何。</translation>
    </message>
    <message>
        <source>Feature name (name)</source>
        <translation>要素名称 (name)</translation>
    </message>
    <message>
        <source>Feature code (code)</source>
        <translation>要素编号 (code)</translation>
    </message>
    <message>
        <source>New field %1</source>
        <translation>新字段 %1</translation>
    </message>
    <message>
        <source>Cancel check</source>
        <translation>取消检查</translation>
    </message>
    <message>
        <source>Checking %1 … nothing is written.</source>
        <translation>正在检查 %1 …（不会写入任何内容）</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Check cancelled; nothing was written. Go back and forth to check again.</source>
        <translation>检查已取消，未写入任何内容。点“上一步”再点“下一步”可重新检查。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>feature %1</source>
        <translation>要素 %1</translation>
    </message>
    <message>
        <source>feature %1 of layer %2</source>
        <translation>图层 %2 的要素 %1</translation>
    </message>
    <message>
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <source>is a %1; layer %2 takes %3</source>
        <translation>是 %1；图层 %2 只接受 %3</translation>
    </message>
    <message>
        <source>field %1: %2 is not an integer</source>
        <translation>字段 %1：%2 不是整数</translation>
    </message>
    <message>
        <source>field %1: %2 is not a number</source>
        <translation>字段 %1：%2 不是数值</translation>
    </message>
    <message>
        <source>field %1: %2 is not one of %3</source>
        <translation>字段 %1：%2 不是可选值（%3）之一</translation>
    </message>
    <message>
        <source>field %1 is required but empty</source>
        <translation>字段 %1 为必填，但值为空</translation>
    </message>
    <message>
        <source>field %1 is required and no field of the file goes into it</source>
        <translation>字段 %1 为必填，但文件中没有字段导入到它</translation>
    </message>
    <message>
        <source>invalid geometry (%1) that cannot be repaired</source>
        <translation>无效几何（%1），无法修复</translation>
    </message>
    <message>
        <source>invalid geometry: %1</source>
        <translation>无效几何：%1</translation>
    </message>
    <message>
        <source>same geometry and attributes as %1</source>
        <translation>与%1的几何和属性相同</translation>
    </message>
    <message>
        <source>at least %1 km outside the town boundary (wrong coordinate system?)</source>
        <translation>在镇界外至少 %1 km（坐标系是否有误？）</translation>
    </message>
    <message>
        <source>code %1 appears twice in the file</source>
        <translation>编号 %1 在文件中出现两次</translation>
    </message>
    <message>
        <source>code %1 is already used in the project</source>
        <translation>编号 %1 已在项目中使用</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>File: %1 (%2)</source>
        <translation>文件：%1（%2）</translation>
    </message>
    <message>
        <source>Source layers: %1</source>
        <translation>源图层：%1</translation>
    </message>
    <message>
        <source>Coordinate system: %1 → WGS84 (EPSG:4326)</source>
        <translation>坐标系：%1 → WGS84 (EPSG:4326)</translation>
    </message>
    <message>
        <source>Target layer: %1 (new)</source>
        <translation>目标图层：%1（新建）</translation>
    </message>
    <message>
        <source>Target layer: %1</source>
        <translation>目标图层：%1</translation>
    </message>
    <message>
        <source>Fields: %1</source>
        <translation>字段：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>fields not imported (no matching field in layer %1; choose one in the field table): %2</source>
        <translation>未导入的字段（图层 %1 中没有对应字段，可在字段表中选择）：%2</translation>
    </message>
    <message>
        <source>Features read: %1</source>
        <translation>读取要素：%1</translation>
    </message>
    <message>
        <source>  … and %1 more</source>
        <translation>  … 另有 %1 项</translation>
    </message>
    <message>
        <source>Invalid geometries repaired: %1</source>
        <translation>已修复的无效几何：%1</translation>
    </message>
    <message>
        <source>Without geometry (skipped: cannot be placed on a map): %1</source>
        <translation>无几何（跳过：无法放到地图上）：%1</translation>
    </message>
    <message>
        <source>Duplicates: %1</source>
        <translation>重复要素：%1</translation>
    </message>
    <message>
        <source>Outside the town boundary: %1</source>
        <translation>位于镇界之外：%1</translation>
    </message>
    <message>
        <source>Errors: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Total length: %1 km</source>
        <translation>总长度：%1 km</translation>
    </message>
    <message>
        <source>Total area: %1 m² (%2 mu)</source>
        <translation>总面积：%1 m²（%2 亩）</translation>
    </message>
    <message>
        <source> (%1 without geometry skipped)</source>
        <translation>（跳过 %1 个无几何要素）</translation>
    </message>
    <message>
        <source>Nothing can be imported: %1 feature(s) with errors.</source>
        <translation>无法导入：%1 个要素有错误。</translation>
    </message>
    <message>
        <source>Dry run: %1 feature(s) would be imported%2; nothing has been written.</source>
        <translation>试运行：将导入 %1 个要素%2；尚未写入任何内容。</translation>
    </message>
    <message>
        <source>The map preview shows the first %1 of %2 features.</source>
        <translation>地图预览只显示 %2 个要素中的前 %1 个。</translation>
    </message>
</context>
<context>
    <name>app::ImportController</name>
    <message>
        <source>&amp;Import layer…</source>
        <translation>导入图层(&amp;I)…</translation>
    </message>
    <message>
        <source>Export &amp;layer…</source>
        <translation>导出图层(&amp;L)…</translation>
    </message>
</context>
<context>
    <name>app::ExportLayerDialog</name>
    <message>
        <source>Export layer</source>
        <translation>导出图层</translation>
    </message>
    <message>
        <source>Whole project (every layer)</source>
        <translation>整个项目（全部图层）</translation>
    </message>
    <message>
        <source>GeoPackage (.gpkg)</source>
        <translation>GeoPackage (.gpkg)</translation>
    </message>
    <message>
        <source>ESRI Shapefile (.shp, UTF-8 .cpg)</source>
        <translation>ESRI Shapefile（.shp，UTF-8 .cpg）</translation>
    </message>
    <message>
        <source>GeoJSON (.geojson)</source>
        <translation>GeoJSON (.geojson)</translation>
    </message>
    <message>
        <source>KML, styled by status (.kml)</source>
        <translation>KML，按状态着色 (.kml)</translation>
    </message>
    <message>
        <source>CSV with WKT geometry (.csv)</source>
        <translation>CSV，WKT 几何列 (.csv)</translation>
    </message>
    <message>
        <source>AutoCAD DXF (.dxf)</source>
        <translation>AutoCAD DXF (.dxf)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose one, or type any EPSG code, e.g. EPSG:32651</source>
        <translation>选择一项，或输入任意 EPSG 代码，例如 EPSG:32651</translation>
    </message>
    <message>
        <source>Status as of</source>
        <translation>状态截至</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>图层：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Coordinate system:</source>
        <translation>坐标系：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Every feature keeps its attributes, with its status, done length or area and last event date added.</source>
        <translation>每个要素保留其属性，并附加状态、已完成长度或面积以及最近事件日期。</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>a folder: one file per layer</source>
        <translation>文件夹：每个图层一个文件</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1 文件 (*.%2)</translation>
    </message>
    <message>
        <source>Choose where to save.</source>
        <translation>请选择保存位置。</translation>
    </message>
    <message>
        <source>Coordinate system '%1': give an EPSG code such as EPSG:4549.</source>
        <translation>坐标系“%1”：请输入 EPSG 代码，例如 EPSG:4549。</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>没有打开的项目。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n feature(s) to %1.</source>
        <translation>
            <numerusform>已导出 %n 个要素到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n feature(s)</source>
        <translation>
            <numerusform>已导出 %n 个要素</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed; nothing was written.
%1</source>
        <translation>导出失败，未写入任何内容。
%1</translation>
    </message>
    <message>
        <source>&amp;Cancel export</source>
        <translation>取消导出(&amp;C)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n feature(s) into %1 (%2 files).</source>
        <translation>
            <numerusform>已导出 %n 个要素到 %1（%2 个文件）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Files in %1 named as the layers are replaced. Go on?</source>
        <translation>%1 中与图层同名的文件将被替换。是否继续？</translation>
    </message>
    <message>
        <source>Nothing exported.</source>
        <translation>未导出任何内容。</translation>
    </message>
</context>
<context>
    <name>CrsChoices</name>
    <message>
        <source>WGS84 longitude/latitude (EPSG:4326)</source>
        <translation>WGS84 经纬度 (EPSG:4326)</translation>
    </message>
    <message>
        <source>CGCS2000 geographic (EPSG:4490)</source>
        <translation>CGCS2000 地理坐标 (EPSG:4490)</translation>
    </message>
    <message>
        <source>CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)</source>
        <translation>CGCS2000 / 3 度带高斯-克吕格 中央经线 120°E (EPSG:4549)</translation>
    </message>
    <message>
        <source>CGCS2000 / 3-degree Gauss-Kruger CM 123E (EPSG:4550)</source>
        <translation>CGCS2000 / 3 度带高斯-克吕格 中央经线 123°E (EPSG:4550)</translation>
    </message>
    <message>
        <source>Beijing 1954 (EPSG:4214)</source>
        <translation>北京 1954 (EPSG:4214)</translation>
    </message>
    <message>
        <source>Xian 1980 (EPSG:4610)</source>
        <translation>西安 1980 (EPSG:4610)</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 is the open project. PlanMap reads and writes it only through its own connection; choose another file.</source>
        <translation>%1 是当前打开的项目。PlanMap 只通过自己的连接读写它；请选择其他文件。</translation>
    </message>
    <message>
        <source>%1 is the open project; choose another file to write.</source>
        <translation>%1 是当前打开的项目；请选择其他文件写入。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>%1 exists; not replaced.</source>
        <translation>%1 已存在；未替换。</translation>
    </message>
</context>
<context>
    <name>app::Application</name>
    <message>
        <source>unknown error in a worker</source>
        <translation>后台任务中的未知错误</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>app::ProjectGuard</name>
    <message>
        <source>Read only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>PlanMap met an error it did not expect:
%1

The project is read again from its file; every change saved before is kept.</source>
        <translation>PlanMap 遇到了意外错误：
%1

已从文件重新读取项目；之前保存的所有修改均已保留。</translation>
    </message>
    <message>
        <source>PlanMap</source>
        <translation>PlanMap</translation>
    </message>
    <message>
        <source>%1 could not be read again; open it again when the cause is removed.</source>
        <translation>无法重新读取 %1；排除原因后请重新打开。</translation>
    </message>
    <message>
        <source>%1: %2; it is shown, not changed</source>
        <translation>%1：%2；只能查看，不能修改</translation>
    </message>
</context>
<context>
    <name>app::PhotoPins</name>
    <message>
        <source>The photo cannot be shown</source>
        <translation>无法显示该照片</translation>
    </message>
    <message>
        <source>time unknown</source>
        <translation>拍摄时间未知</translation>
    </message>
    <message>
        <source>taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
    <message>
        <source>no GPS position</source>
        <translation>无 GPS 位置</translation>
    </message>
</context>
<context>
    <name>app::ActionNotice</name>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
</context>
</TS>
