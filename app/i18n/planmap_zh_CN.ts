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
</context>
<context>
    <name>app::MainWindow</name>
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
</TS>
