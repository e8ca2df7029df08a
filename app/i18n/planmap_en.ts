<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>app::CoordinateLabel</name>
    <message>
        <location filename="../gui/CoordinateLabel.cpp" line="12"/>
        <source>Cursor: WGS84 longitude/latitude | CGCS2000 Gauss-Krüger easting/northing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::ExportMapDialog</name>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="19"/>
        <location filename="../gui/ExportMapDialog.cpp" line="55"/>
        <source>Export map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="23"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="26"/>
        <source>File (.png, .svg, .pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="36"/>
        <source>Width (px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="37"/>
        <source>Height (px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="38"/>
        <source>Resolution (dpi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="41"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="42"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="43"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="45"/>
        <source>Scale bar, north arrow and attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/ExportMapDialog.cpp" line="55"/>
        <source>Maps (*.png *.svg *.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::IdentifyDock</name>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="13"/>
        <source>Identify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="18"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="18"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="52"/>
        <source>Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/IdentifyDock.cpp" line="52"/>
        <source>%n feature(s)</source>
        <translation><numerusform>%n feature</numerusform><numerusform>%n features</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="63"/>
        <source>Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="63"/>
        <source>%1 is no longer in the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="67"/>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="68"/>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="69"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="70"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="73"/>
        <source> (as of %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="74"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="76"/>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="76"/>
        <location filename="../gui/IdentifyDock.cpp" line="80"/>
        <source>%1 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="78"/>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="78"/>
        <source>%1 m² (%2 mu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="80"/>
        <source>Completed length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="82"/>
        <source>Water quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="88"/>
        <source>Chainage at cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="89"/>
        <source>%1 m (%2 m from the line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/IdentifyDock.cpp" line="94"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::LayerTreeDock</name>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="51"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="65"/>
        <source>Draw the layer higher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="68"/>
        <source>Draw the layer lower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="71"/>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/LayerTreeDock.cpp" line="98"/>
        <source>Zoom to layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::MainWindow</name>
    <message>
        <location filename="../gui/MainWindow.cpp" line="66"/>
        <location filename="../gui/MainWindow.cpp" line="180"/>
        <source>PlanMap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="73"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="74"/>
        <source>&amp;New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="75"/>
        <source>&amp;Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="76"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="77"/>
        <source>Save project &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="79"/>
        <source>&amp;Export map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="79"/>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="81"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="83"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="84"/>
        <location filename="../gui/MainWindow.cpp" line="199"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="91"/>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="92"/>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="93"/>
        <source>Zoom to &amp;full extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="93"/>
        <source>Ctrl+Shift+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="94"/>
        <source>Zoom to &amp;selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="94"/>
        <source>Ctrl+J</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="95"/>
        <source>Zoom to current &amp;layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="98"/>
        <source>Colour rivers by &amp;water quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="100"/>
        <source>&amp;Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="111"/>
        <source>Show as of &amp;date…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="127"/>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="127"/>
        <source>P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="128"/>
        <source>Zoom box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="128"/>
        <source>Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="129"/>
        <source>Select</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="129"/>
        <source>S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="131"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="154"/>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="161"/>
        <source>Rendered in %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="172"/>
        <location filename="../gui/MainWindow.cpp" line="282"/>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="181"/>
        <source> (synthetic sample data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="216"/>
        <location filename="../gui/MainWindow.cpp" line="219"/>
        <source>Show as of date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="216"/>
        <source>Date (YYYY-MM-DD, empty = today)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="219"/>
        <source>&apos;%1&apos; is not a date YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="257"/>
        <location filename="../gui/MainWindow.cpp" line="260"/>
        <location filename="../gui/MainWindow.cpp" line="273"/>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="257"/>
        <location filename="../gui/MainWindow.cpp" line="291"/>
        <source>PlanMap projects (*.planmap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="260"/>
        <source>%1 exists already; choose a new name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="283"/>
        <source>PlanMap projects (*.planmap);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="291"/>
        <location filename="../gui/MainWindow.cpp" line="298"/>
        <source>Save project as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="298"/>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="317"/>
        <source>Map written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/MainWindow.cpp" line="319"/>
        <source>Export map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a &amp;copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (read only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy of the project was written to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::ScaleEdit</name>
    <message>
        <location filename="../gui/ScaleEdit.cpp" line="11"/>
        <source>Map scale; type 1:N and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::SearchDock</name>
    <message>
        <location filename="../gui/SearchDock.cpp" line="17"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../gui/SearchDock.cpp" line="24"/>
        <source>Name, code or id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the open project. PlanMap reads and writes it only through its own connection; choose another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the open project; choose another file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists; not replaced.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::Application</name>
    <message>
        <source>unknown error in a worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::ProjectGuard</name>
    <message>
        <source>Read only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PlanMap met an error it did not expect:
%1

The project is read again from its file; every change saved before is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PlanMap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read again; open it again when the cause is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2; it is shown, not changed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::FieldController</name>
    <message>
        <source>%1 cannot be written (a read-only file or folder); it is shown, not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a feature to move it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::ExportLayerDialog</name>
    <message>
        <source>Files in %1 named as the layers are replaced. Go on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing exported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::TrackReviewDialog</name>
    <message>
        <source>Extended to the river's end where the walk stopped within the matching distance of it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day of the track's last point; change it if the work was done another day</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app::ActionNotice</name>
    <message>
        <source>Undone: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
