// Map canvas interaction with synthesized mouse, wheel and key events: the extent after each
// gesture, selection by click and by box, and that a render finishes off the GUI thread.
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"
#include "layers/render/MapData.h"
#include "tests/common/QtWait.h"
#include "tests/common/SampleFixture.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QThread>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <algorithm>

using app::MapCanvas;

namespace {

using testutil::waitUntil;

class CanvasTest : public ::testing::Test
{
protected:
  static void SetUpTestSuite()
  {
    dir = new testutil::TempDir;
    const auto store = data::openProject(testutil::sampleProjectCopy(*dir));
    data = new std::shared_ptr<const layers::MapData>(layers::MapData::fromStore(*store));
  }
  static void TearDownTestSuite()
  {
    delete data;
    delete dir;
  }
  void SetUp() override
  {
    canvas.resize(800, 600);
    canvas.show();
    canvas.setMapData(*data);
    canvas.zoomToFullExtent();
  }

  void mouse(QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
             Qt::KeyboardModifiers mods = Qt::NoModifier)
  {
    QMouseEvent e(type, pos, canvas.mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(&canvas, &e);
  }
  void drag(QPointF from, QPointF to, Qt::KeyboardModifiers mods = Qt::NoModifier)
  {
    mouse(QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, mods);
    for (int i = 1; i <= 4; ++i)
      mouse(QEvent::MouseMove, from + (to - from) * i / 4.0, Qt::NoButton, Qt::LeftButton, mods);
    mouse(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, mods);
  }
  void click(QPointF at)
  {
    mouse(QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
  }
  void wheel(QPointF at, int delta)
  {
    QWheelEvent e(at, canvas.mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &e);
  }
  void key(int k)
  {
    QKeyEvent press(QEvent::KeyPress, k, Qt::NoModifier);
    QApplication::sendEvent(&canvas, &press);
  }
  double upp() const { return canvas.settings().mapUnitsPerPixel(); }

  static testutil::TempDir *dir;
  static std::shared_ptr<const layers::MapData> *data;
  MapCanvas canvas;
};

testutil::TempDir *CanvasTest::dir = nullptr;
std::shared_ptr<const layers::MapData> *CanvasTest::data = nullptr;

} // namespace

TEST_F(CanvasTest, WheelStepZoomsInAboutTheCursor)
{
  const QPointF at(200, 150);
  const gis::Point before = canvas.toMap(at);
  const double uppBefore = upp();
  wheel(at, 120);
  EXPECT_NEAR(upp(), uppBefore / 2, uppBefore * 1e-9);
  const gis::Point after = canvas.toMap(at);
  EXPECT_NEAR(after.x, before.x, 1e-6 * uppBefore);
  EXPECT_NEAR(after.y, before.y, 1e-6 * uppBefore);
  wheel(at, -240); // two steps out
  EXPECT_NEAR(upp(), uppBefore * 2, uppBefore * 1e-9);
}

TEST_F(CanvasTest, DragMovesTheMapWithTheCursor)
{
  const QPointF from(400, 300), to(520, 240);
  const gis::Point grabbed = canvas.toMap(from);
  const double uppBefore = upp();
  drag(from, to);
  const gis::Point under = canvas.toMap(to);
  EXPECT_NEAR(under.x, grabbed.x, 1e-6 * uppBefore);
  EXPECT_NEAR(under.y, grabbed.y, 1e-6 * uppBefore);
  EXPECT_NEAR(upp(), uppBefore, uppBefore * 1e-12);
  EXPECT_TRUE(canvas.selection().empty()); // a drag is not a click
}

TEST_F(CanvasTest, BoxZoomShowsTheBox)
{
  canvas.setTool(MapCanvas::Tool::ZoomBox);
  const QRectF box(QPointF(100, 100), QPointF(300, 250));
  gis::Envelope wanted;
  wanted.expand(canvas.toMap(box.topLeft()));
  wanted.expand(canvas.toMap(box.bottomRight()));
  drag(box.topLeft(), box.bottomRight());
  const gis::Envelope shown = canvas.extent();
  // Same centre; the box fits exactly on its tighter axis.
  EXPECT_NEAR((shown.minX + shown.maxX) / 2, (wanted.minX + wanted.maxX) / 2, 1e-6);
  EXPECT_NEAR((shown.minY + shown.maxY) / 2, (wanted.minY + wanted.maxY) / 2, 1e-6);
  EXPECT_GE(shown.width() + 1e-6, wanted.width());
  EXPECT_GE(shown.height() + 1e-6, wanted.height());
  EXPECT_TRUE(std::abs(shown.width() - wanted.width()) < 1e-6 ||
              std::abs(shown.height() - wanted.height()) < 1e-6);
}

TEST_F(CanvasTest, ShiftDragBoxZoomsWithThePanTool)
{
  const double uppBefore = upp();
  drag(QPointF(100, 100), QPointF(300, 250), Qt::ShiftModifier);
  EXPECT_LT(upp(), uppBefore / 2);
}

TEST_F(CanvasTest, ClickSelectsTheSiteUnderTheCursorAndEmptyGroundClears)
{
  const layers::MapLayer *points = nullptr;
  for (const layers::MapLayer &l : (*data)->layers())
    if (l.kind() == layers::GeometryKind::Point && l.size() > 0) points = &l;
  ASSERT_NE(points, nullptr);
  const layers::MapFeature &site = points->feature(0);
  canvas.setScale(5000);
  canvas.setExtent(gis::Envelope{site.labelPoint.x - 300, site.labelPoint.y - 300, site.labelPoint.x + 300,
                                 site.labelPoint.y + 300});
  int signals_ = 0;
  QObject::connect(&canvas, &MapCanvas::selectionChanged, [&signals_] { ++signals_; });
  const QPointF at = canvas.settings().toPixel(site.labelPoint);
  click(at + QPointF(2, 1));
  ASSERT_EQ(signals_, 1);
  EXPECT_EQ(canvas.selection(), std::set<std::int64_t>{site.id});

  // Far outside the town nothing is hit.
  canvas.setExtent(gis::Envelope{0, 0, 1000, 1000});
  click(QPointF(400, 300));
  EXPECT_TRUE(canvas.selection().empty());
}

TEST_F(CanvasTest, SelectToolBoxSelectsEverythingInside)
{
  canvas.setTool(MapCanvas::Tool::Select);
  drag(QPointF(300, 200), QPointF(500, 400));
  EXPECT_GT(canvas.selection().size(), 1u);
  const auto inBox = (*data)->select(canvas.settings().toMap(QRectF(QPointF(300, 200), QPointF(500, 400))),
                                     canvas.visibleLayerIds());
  EXPECT_EQ(canvas.selection().size(), std::set<std::int64_t>([&] {
                                         std::set<std::int64_t> s;
                                         for (const auto &h : inBox)
                                           s.insert(h.featureId);
                                         return s;
                                       }())
                                           .size());
}

TEST_F(CanvasTest, ArrowKeysPanAQuarterOfTheView)
{
  const gis::Envelope before = canvas.extent();
  key(Qt::Key_Right);
  const gis::Envelope after = canvas.extent();
  EXPECT_NEAR(after.minX - before.minX, before.width() / 4, before.width() * 1e-9);
  key(Qt::Key_Plus);
  EXPECT_NEAR(canvas.extent().width(), after.width() / 2, after.width() * 1e-9);
}

TEST_F(CanvasTest, RenderFinishesOffTheGuiThreadAtTheWidgetSize)
{
  int finished = 0;
  QObject::connect(&canvas, &MapCanvas::renderFinished, [&finished] { ++finished; });
  canvas.zoomBy(1.5, QPointF(10, 10)); // stale views must be cancelled, the last one wins
  canvas.zoomBy(1.5, QPointF(700, 500));
  ASSERT_TRUE(waitUntil([&] { return finished > 0 && !canvas.isRendering(); }));
  EXPECT_FALSE(canvas.isRendering());
  EXPECT_EQ(canvas.renderedImage().size(), QSize(800, 600));
}

namespace {

// Records what the canvas sends a custom tool; takes the gesture when `take` is set.
struct RecordingTool : app::MapTool
{
  bool take = false;
  std::vector<std::string> calls;
  gis::Point last;
  bool press(const app::MapToolEvent &e) override
  {
    calls.push_back("press");
    last = e.map;
    return take;
  }
  void move(const app::MapToolEvent &e) override
  {
    calls.push_back(e.buttons & Qt::LeftButton ? "drag" : "hover");
    last = e.map;
  }
  void release(const app::MapToolEvent &e) override
  {
    calls.push_back("release");
    last = e.map;
  }
  void click(const app::MapToolEvent &e) override
  {
    calls.push_back("click");
    last = e.map;
  }
  void doubleClick(const app::MapToolEvent &) override { calls.push_back("double"); }
  void deactivated() override { calls.push_back("off"); }
  long count(const std::string &what) const { return std::count(calls.begin(), calls.end(), what); }
};

// Paints a square and takes the clicks inside it.
struct SquareOverlay : app::MapOverlay
{
  QRectF square{100, 100, 40, 40};
  int painted = 0, clicked = 0;
  void paint(QPainter &p, const layers::MapSettings &) override
  {
    ++painted;
    p.fillRect(square, QColor(255, 0, 255));
  }
  bool click(const QPointF &pixel, const layers::MapSettings &) override
  {
    if (!square.contains(pixel)) return false;
    ++clicked;
    return true;
  }
};

} // namespace

TEST_F(CanvasTest, CustomToolGetsClicksInMapUnitsAndDragsPanUnlessItTakesThem)
{
  RecordingTool tool;
  canvas.setCustomTool(&tool);
  ASSERT_EQ(canvas.tool(), MapCanvas::Tool::Custom);

  // A click: press then click, in map units, and no selection by the canvas.
  const QPointF at(321.5, 234.25);
  click(at);
  EXPECT_EQ(tool.calls, (std::vector<std::string>{"press", "click"}));
  const gis::Point expected = canvas.toMap(at);
  EXPECT_NEAR(tool.last.x, expected.x, 1e-6);
  EXPECT_NEAR(tool.last.y, expected.y, 1e-6);
  EXPECT_TRUE(canvas.selection().empty());

  // A drag the tool does not take pans the map.
  const gis::Envelope before = canvas.extent();
  drag({400, 300}, {480, 260});
  EXPECT_NE(canvas.extent(), before);
  EXPECT_EQ(tool.count("click"), 1);
  EXPECT_EQ(tool.count("release"), 0);

  // A drag the tool takes is the tool's: moves and a release, and the map stays.
  tool.take = true;
  tool.calls.clear();
  const gis::Envelope kept = canvas.extent();
  drag({400, 300}, {480, 260});
  EXPECT_EQ(canvas.extent(), kept);
  EXPECT_EQ(tool.count("drag"), 4);
  EXPECT_EQ(tool.calls.back(), "release");
  EXPECT_EQ(tool.count("click"), 0);

  // Hover reaches the tool; a double click is one click then the double click, nothing more.
  tool.take = false;
  tool.calls.clear();
  mouse(QEvent::MouseMove, {200, 200}, Qt::NoButton, Qt::NoButton);
  click({200, 200});
  mouse(QEvent::MouseButtonDblClick, {200, 200}, Qt::LeftButton, Qt::LeftButton);
  mouse(QEvent::MouseButtonRelease, {200, 200}, Qt::LeftButton, Qt::NoButton);
  EXPECT_EQ(tool.calls, (std::vector<std::string>{"hover", "press", "click", "double"}));

  // Back to panning: the tool is told.
  canvas.setTool(MapCanvas::Tool::Pan);
  EXPECT_EQ(tool.calls.back(), "off");
  EXPECT_EQ(canvas.customTool(), nullptr);
}

TEST_F(CanvasTest, OverlaysDrawOverTheMapAndTakeTheirClicksFirst)
{
  SquareOverlay overlay;
  canvas.addOverlay(&overlay);
  const QImage shown = canvas.grab().toImage();
  EXPECT_GT(overlay.painted, 0);
  EXPECT_EQ(shown.pixelColor(120, 120), QColor(255, 0, 255));
  click({120, 120});
  EXPECT_EQ(overlay.clicked, 1);
  click({300, 300}); // outside: the canvas handles it as before
  EXPECT_EQ(overlay.clicked, 1);
  canvas.removeOverlay(&overlay);
  EXPECT_NE(canvas.grab().toImage().pixelColor(120, 120), QColor(255, 0, 255));
}
