// The main window offscreen on the sample town: it opens, renders, the docks work together, and
// `planmap --screenshot` writes a picture of the whole window.
#include "app/gui/MainWindow.h"
#include "app/gui/IdentifyDock.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/SearchDock.h"
#include "data/Store.h"
#include "tests/common/SampleFixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QThread>

#include <gtest/gtest.h>

#include <filesystem>

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
  ASSERT_TRUE(window.openProject(QString::fromStdString(project), true));
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
  EXPECT_FALSE(window.openProject(QString::fromStdString(junk), true));
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
