// The main window offscreen on the sample town: it opens, renders, the docks work together, and
// `planmap --screenshot` writes a picture of the whole window.
#include "app/gui/MainWindow.h"
#include "app/gui/IdentifyDock.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/SearchDock.h"
#include "data/store/Store.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/SampleFixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QThread>
#include <QTimer>
#include <QToolTip>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace {

bool waitForRender(app::MapCanvas *canvas)
{
  QElapsedTimer t;
  t.start();
  while ((canvas->renderedImage().isNull() || canvas->isRendering()) && t.elapsed() < 60000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return !canvas->renderedImage().isNull();
}

} // namespace

TEST(MainWindowTest, OpensTheSampleRendersAndWiresTheDocks)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
  app::MainWindow window;
  window.resize(1200, 800);
  window.show();
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
  ASSERT_TRUE(waitForRender(window.canvas()));
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("synthetic")) ||
              window.windowTitle().contains(QStringLiteral("合成")));

  // The layer tree lists every layer in drawing order; hiding one reaches the canvas.
  const auto &order = window.layerTree()->options().layerOrder;
  ASSERT_EQ(order.size(), window.store()->layers().size());
  const std::string hidden = order.back();
  layers::MapSettings options = window.layerTree()->options();
  options.layerStyles[hidden].visible = false;
  emit window.layerTree()->optionsChanged(options);
  EXPECT_FALSE(window.canvas()->settings().style(hidden).visible);

  // Search by a Chinese name fragment; activating a result selects and identifies it.
  window.searchDock()->search(QStringLiteral("河"));
  ASSERT_GT(window.searchDock()->resultCount(), 0);
  const std::int64_t id = window.searchDock()->resultId(0);
  emit window.searchDock()->featureActivated(id);
  EXPECT_EQ(window.canvas()->selection(), std::set<std::int64_t>{id});
  const auto feature = window.store()->feature(id);
  ASSERT_TRUE(feature);
  EXPECT_EQ(window.identifyDock()->value(QObject::tr("Name")).toStdString(), feature->name);

  // Export keeps working from the window.
  layers::MapSettings s = window.canvas()->settings();
  s.size = QSize(300, 200);
  const std::string out = dir.file("view.png");
  window.exportMap(s, QString::fromStdString(out));
  EXPECT_EQ(QImage(QString::fromStdString(out)).size(), QSize(300, 200));

  // A file that is not a project is refused and the open one stays.
  const std::string junk = dir.file("junk.planmap");
  FILE *f = std::fopen(junk.c_str(), "w");
  std::fputs("not a database", f);
  std::fclose(f);
  EXPECT_FALSE(testutil::openAndWait(window, QString::fromStdString(junk), true));
  EXPECT_EQ(window.projectPath().toStdString(), project);
}

TEST(MainWindowTest, ScreenshotOptionWritesThePictureOfTheWindow)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  const std::string out = dir.file("shot.png");
  const auto r = testutil::run(PLANMAP_GUI, {project, "--screenshot", out});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const QImage shot(QString::fromStdString(out));
  ASSERT_FALSE(shot.isNull());
  EXPECT_GT(shot.width(), 600);

  const auto bad = testutil::run(PLANMAP_GUI, {dir.file("missing.planmap"), "--screenshot", out + ".2"});
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_FALSE(std::filesystem::exists(out + ".2"));
}

// Opening returns at once: no event loop nested in the call (a menu action, a timer or a
// test calling it again re-entered that loop); the project follows with openFinished.
TEST(MainWindowTest, OpenProjectReturnsAtOnceAndTheProjectFollows)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  app::MainWindow window;
  std::optional<bool> finished;
  QObject::connect(&window, &app::MainWindow::openFinished, [&](bool ok) { finished = ok; });
  ASSERT_TRUE(window.openProject(QString::fromStdString(project), true));
  EXPECT_TRUE(window.isOpening());
  EXPECT_FALSE(finished.has_value()) << "openProject waited for the read";
  EXPECT_EQ(window.store(), nullptr);
  ASSERT_TRUE(testutil::waitUntil([&] { return finished.has_value(); }, 120000));
  EXPECT_TRUE(*finished);
  EXPECT_FALSE(window.isOpening());
  ASSERT_NE(window.store(), nullptr);
  EXPECT_EQ(window.projectPath(), QString::fromStdString(project));
}

// Opening reads the project on a worker: the window's event loop keeps running meanwhile (a timer
// fires), the progress bar shows, the menus are disabled, and a second open is refused until the
// first is done.
TEST(MainWindowTest, OpensOnAWorkerWhileTheWindowStaysResponsive)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
  app::MainWindow window;
  window.resize(1200, 800);
  window.show();
  int ticks = 0;
  bool progressShown = false, menusDisabled = false, secondOpenRefused = false;
  QTimer timer;
  timer.setInterval(0);
  QObject::connect(&timer, &QTimer::timeout, [&] {
    if (!window.isOpening()) return;
    ++ticks;
    if (auto *bar = window.findChild<QProgressBar *>(QStringLiteral("loadProgress")))
      progressShown = progressShown || bar->isVisible();
    menusDisabled =
        menusDisabled || !window.fileMenu()->menuAction()->isEnabled() || !window.menuBar()->isEnabled();
    if (!secondOpenRefused) secondOpenRefused = !window.openProject(QString::fromStdString(project), true);
  });
  timer.start();
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
  timer.stop();
  EXPECT_FALSE(window.isOpening());
  EXPECT_GT(ticks, 0) << "the event loop did not run while the project was read";
  EXPECT_TRUE(progressShown);
  EXPECT_TRUE(menusDisabled);
  EXPECT_TRUE(secondOpenRefused);
  EXPECT_TRUE(window.menuBar()->isEnabled());
  ASSERT_NE(window.mapData(), nullptr);
  EXPECT_GT(window.mapData()->featureCount(), 0u);
  // The figures follow on their worker; waitUntilIdle returns once they are shown.
  EXPECT_TRUE(window.waitUntilIdle());
  EXPECT_FALSE(window.isBusy());

  // A reload returns at once and the newest date wins: two dates asked back to back, the map
  // shows the last one.
  std::weak_ptr<const layers::MapData> today = window.mapData();
  window.setAsOf(QStringLiteral("2020-06-30"));
  window.setAsOf(QStringLiteral("2020-09-15"));
  EXPECT_TRUE(window.waitUntilIdle());
  EXPECT_EQ(window.mapData()->asOf, "2020-09-15");
  // The replaced map is let go (on a worker, not by the GUI thread): nothing keeps it.
  QElapsedTimer t;
  t.start();
  while (!today.expired() && t.elapsed() < 20000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  EXPECT_TRUE(today.expired()) << "the map replaced by a reload is still held";
  EXPECT_FALSE(window.isFieldCopy()); // a project file, not a field copy of a server project
}

// The main window on a copy of the sample town, its first frame drawn.
class SampleWindow : public ::testing::Test
{
protected:
  void SetUp() override
  {
    project = testutil::sampleProjectCopy(dir);
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
    window.resize(1200, 800);
    window.show();
    ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
    ASSERT_TRUE(waitForRender(window.canvas()));
  }
  testutil::TempDir dir;
  std::string project;
  app::MainWindow window;
};

TEST_F(SampleWindow, ScaleRangeHidesALayerAndGreysItsEntry)
{
  const double fullScale = window.canvas()->scale();
  ASSERT_GT(fullScale, 20000);

  // "Visible from 1:10000" typed for the rivers: hidden (and greyed) at the full extent.
  auto *tree = window.layerTree()->findChild<QTreeWidget *>();
  ASSERT_NE(tree, nullptr);
  for (int i = 0; i < tree->topLevelItemCount(); ++i)
    if (tree->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == QStringLiteral("rivers"))
      tree->setCurrentItem(tree->topLevelItem(i));
  ASSERT_EQ(window.layerTree()->currentLayerId(), "rivers");
  auto *zoomedOut = window.layerTree()->findChild<QLineEdit *>(QStringLiteral("zoomedOutLimit"));
  ASSERT_NE(zoomedOut, nullptr);
  zoomedOut->setText(QStringLiteral("1:10,000"));
  emit zoomedOut->editingFinished();
  EXPECT_DOUBLE_EQ(window.canvas()->settings().style("rivers").maxScale, 10000);
  const auto visible = window.canvas()->visibleLayerIds();
  EXPECT_EQ(std::find(visible.begin(), visible.end(), "rivers"), visible.end());
  EXPECT_TRUE(window.layerTree()->isGreyed("rivers"));
  EXPECT_FALSE(window.layerTree()->isGreyed("villages"));

  // Zoomed in to 1:5000 the rivers are drawn again and their entry is normal.
  window.canvas()->setScale(5000);
  const auto near = window.canvas()->visibleLayerIds();
  EXPECT_NE(std::find(near.begin(), near.end(), "rivers"), near.end());
  EXPECT_FALSE(window.layerTree()->isGreyed("rivers"));

  // Text that is not a scale is refused: the range in force is shown again, unchanged.
  zoomedOut->setText(QStringLiteral("far"));
  emit zoomedOut->editingFinished();
  EXPECT_DOUBLE_EQ(window.canvas()->settings().style("rivers").maxScale, 10000);
  EXPECT_EQ(zoomedOut->text(), QStringLiteral("1:10000"));
  // Emptied: no limit any more.
  zoomedOut->clear();
  emit zoomedOut->editingFinished();
  EXPECT_DOUBLE_EQ(window.canvas()->settings().style("rivers").maxScale, 0);
}

TEST_F(SampleWindow, HoverTooltipNamesTheFeatureAndItsStatus)
{

  // A toilet, centred by zooming to it: the tooltip at the centre names it.
  std::optional<data::Feature> toilet;
  for (const data::Feature &f : window.store()->features("toilets"))
    if (!f.name.empty()) {
      toilet = f;
      break;
    }
  ASSERT_TRUE(toilet);
  window.canvas()->zoomToFeature(toilet->id);
  window.canvas()->setScale(2000);
  const QPoint centre = window.canvas()->rect().center();
  QHelpEvent help(QEvent::ToolTip, centre, window.canvas()->mapToGlobal(centre));
  QCoreApplication::sendEvent(window.canvas(), &help);
  const QString text = QToolTip::text();
  EXPECT_TRUE(text.contains(QString::fromStdString(toilet->name))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("·")))
      << "the status follows the layer name: " << text.toStdString();

  // Nowhere near a feature (a corner far outside the town): no tooltip.
  window.canvas()->zoomToFullExtent();
  window.canvas()->zoomBy(0.05, QPointF(0, 0));
  QHelpEvent empty(QEvent::ToolTip, QPoint(2, 2), window.canvas()->mapToGlobal(QPoint(2, 2)));
  QCoreApplication::sendEvent(window.canvas(), &empty);
  QElapsedTimer t; // Qt hides a tooltip after a short delay
  t.start();
  while (QToolTip::isVisible() && t.elapsed() < 3000)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  EXPECT_FALSE(QToolTip::isVisible());
}
