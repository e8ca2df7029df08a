// File ▸ Import layer… offscreen on a copy of the sample town (issue 6): the wizard driven page by
// page with the real importer, real GDAL and the real SpatiaLite project.
#include "app/gui/ImportWizard.h"
#include "app/gui/FieldController.h"
#include "app/gui/ImportController.h"
#include "app/gui/MainWindow.h"
#include "data/Store.h"
#include "gis/ChinaOffset.h"
#include "tests/common/SampleFixture.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QStatusBar>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace {

void writeText(const std::string &path, const std::string &text)
{
  std::ofstream(path, std::ios::binary) << text;
}

const char *kToilets = R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"公厕甲","project":"existing"},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
  {"type":"Feature","properties":{"name":"公厕乙","project":"existing"},"geometry":{"type":"Point","coordinates":[121.51,31.06]}},
  {"type":"Feature","properties":{"name":"公厕丙","project":"overhaul"},"geometry":{"type":"Point","coordinates":[121.52,31.07]}}]})";

class ImportWizardTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
    project = testutil::sampleProjectCopy(dir);
    ASSERT_TRUE(window.openProject(QString::fromStdString(project), true));
    ASSERT_TRUE(window.fieldController()->setUser(QStringLiteral("planner1")));
    QObject::connect(&window, &app::MainWindow::mapReloaded, [this] { ++reloads; });
  }

  // Opens the wizard through the controller, chooses `file` and goes to the target page.
  app::ImportWizard *openOn(const std::string &file)
  {
    app::ImportWizard *w = window.importController()->showImportWizard();
    w->setFile(QString::fromStdString(file));
    w->next();
    EXPECT_EQ(w->currentId(), app::ImportWizard::TargetPage);
    const int at = w->targetCombo()->findData(QStringLiteral("toilets"));
    EXPECT_GE(at, 0);
    w->targetCombo()->setCurrentIndex(at);
    return w;
  }

  std::size_t toilets() const { return window.store()->featureCount("toilets"); }

  testutil::TempDir dir;
  std::string project;
  app::MainWindow window;
  int reloads = 0;
};

} // namespace

TEST_F(ImportWizardTest, FileMenuHasImportLayerBeforeExportMap)
{
  QAction *action = window.importController()->importAction();
  ASSERT_TRUE(action);
  EXPECT_TRUE(action->isEnabled());
  const auto actions = window.fileMenu()->actions();
  const auto at = std::find(actions.begin(), actions.end(), action);
  ASSERT_NE(at, actions.end());
  ASSERT_NE(at + 1, actions.end());
  EXPECT_TRUE((*(at + 1))->text().contains(QStringLiteral("Export")) ||
              (*(at + 1))->text().contains(QStringLiteral("导出")))
      << (*(at + 1))->text().toStdString();
}

TEST_F(ImportWizardTest, GeoJsonShowsTheReportAndImportsThreeFeatures)
{
  const std::string file = dir.file("toilets.geojson");
  writeText(file, kToilets);
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  EXPECT_TRUE(w->fileHasCrs());
  EXPECT_TRUE(w->currentPage()->isComplete()); // "from the file"
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("features read: 3"), std::string::npos) << report;
  EXPECT_NE(report.find("dry run: 3 feature(s) would be imported"), std::string::npos) << report;
  EXPECT_TRUE(w->currentPage()->isComplete());
  EXPECT_EQ(toilets(), before) << "the dry run writes nothing";

  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ImportPage);
  ASSERT_TRUE(w->waitForImport());
  EXPECT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(w->importedCount(), 3u);
  // The worker's progress reached the page (queued to the GUI thread) up to the last stage.
  EXPECT_TRUE(w->stageLabel()->text().contains(QStringLiteral("Writing")) ||
              w->stageLabel()->text().contains(QStringLiteral("写入")))
      << w->stageLabel()->text().toStdString();
  EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("3")))
      << window.statusBar()->currentMessage().toStdString();
  EXPECT_EQ(toilets(), before + 3);
  EXPECT_GE(reloads, 1);
  EXPECT_TRUE(w->currentPage()->isComplete());
  std::size_t chinese = 0;
  for (const auto &f : window.store()->features("toilets"))
    chinese += f.name == "公厕甲" || f.name == "公厕乙" || f.name == "公厕丙";
  EXPECT_EQ(chinese, 3u);
}

TEST_F(ImportWizardTest, CsvWithoutCrsCannotGoOnUntilACrsIsChosen)
{
  const std::string file = dir.file("sites.csv");
  writeText(file, "name,lon,lat,project\n长者照护之家,121.49,31.04,existing\n敬老院,121.53,31.08,existing\n");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  EXPECT_FALSE(w->fileHasCrs());
  EXPECT_FALSE(w->currentPage()->isComplete());
  w->next();
  EXPECT_EQ(w->currentId(), app::ImportWizard::TargetPage) << "no CRS chosen: the wizard stays";
  EXPECT_EQ(w->crsCombo()->findData(QString()), -1) << "\"from the file\" is not offered";

  ASSERT_TRUE(w->selectCrs(QStringLiteral("EPSG:4326")));
  EXPECT_TRUE(w->currentPage()->isComplete());
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("features read: 2"), std::string::npos) << report;
  w->next();
  ASSERT_TRUE(w->waitForImport());
  EXPECT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported);
  EXPECT_EQ(toilets(), before + 2);
}

TEST_F(ImportWizardTest, CancelLeavesTheProjectAsItWas)
{
  const std::string file = dir.file("toilets.geojson");
  writeText(file, kToilets);
  const std::size_t before = toilets();
  const std::size_t layers = window.store()->layers().size();
  app::ImportWizard *w = openOn(file);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  w->requestCancel(); // seen by the importer as soon as it starts
  w->next();
  ASSERT_TRUE(w->waitForImport());
  EXPECT_EQ(w->outcome(), app::ImportWizard::Outcome::Cancelled);
  EXPECT_EQ(toilets(), before);
  EXPECT_EQ(window.store()->layers().size(), layers);
  EXPECT_EQ(data::openProject(project)->featureCount("toilets"), before);
  EXPECT_TRUE(w->resultLabel()->text().contains(QStringLiteral("unchanged")) ||
              w->resultLabel()->text().contains(QStringLiteral("未改变")));
}

TEST_F(ImportWizardTest, BrokenFileShowsTheImportersMessageAndStops)
{
  const std::string file = dir.file("broken.geojson");
  writeText(file, R"({"type":"FeatureCollection","features":[{"type":"Feature","geom)");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find(file), std::string::npos) << "names the file: " << report;
  EXPECT_FALSE(w->dryRunReport().has_value());
  EXPECT_FALSE(w->currentPage()->isComplete());
  w->next();
  EXPECT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  EXPECT_EQ(toilets(), before);
}

TEST_F(ImportWizardTest, NewLayerFromGcj02PointsConvertsToWgs84)
{
  const std::string file = dir.file("wells.geojson");
  writeText(file, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"古井","depth":12.5},"geometry":{"type":"Point","coordinates":[121.5,31.05]}}]})");
  app::ImportWizard *w = window.importController()->showImportWizard();
  w->setFile(QString::fromStdString(file));
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::TargetPage);
  w->targetCombo()->setCurrentIndex(w->targetCombo()->findData(QString()));
  EXPECT_FALSE(w->currentPage()->isComplete()) << "a new layer needs an id";
  w->newLayerIdEdit()->setText(QStringLiteral("wells"));
  w->newLayerNameEdit()->setText(QStringLiteral("古井"));
  w->gcj02Box()->setChecked(true);
  w->bd09Box()->setChecked(true);
  EXPECT_FALSE(w->gcj02Box()->isChecked()) << "one offset at a time";
  w->gcj02Box()->setChecked(true);
  EXPECT_FALSE(w->bd09Box()->isChecked());
  ASSERT_TRUE(w->currentPage()->isComplete());
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  EXPECT_NE(w->reportView()->toPlainText().toStdString().find("target layer: wells (new)"), std::string::npos)
      << w->reportView()->toPlainText().toStdString();
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  const auto layer = window.store()->layer("wells");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->nameZh, "古井");
  const auto feats = window.store()->features("wells");
  ASSERT_EQ(feats.size(), 1u);
  const gis::Point want = gis::wgs84FromGcj02(gis::Geometry::point({121.5, 31.05})).asPoint();
  EXPECT_NEAR(feats[0].geometry.asPoint().x, want.x, 1e-9);
  EXPECT_NEAR(feats[0].geometry.asPoint().y, want.y, 1e-9);
  EXPECT_GT(std::abs(want.x - 121.5), 1e-4) << "the offset is real";
}

TEST_F(ImportWizardTest, MultiLayerFileOffersItsLayersAndImportsTheChosenOne)
{
  const std::string file = dir.file("walk.gpx");
  writeText(file, R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="31.05" lon="121.50"><name>东门</name></wpt>
  <wpt lat="31.06" lon="121.51"><name>西门</name></wpt>
  <trk><name>巡河</name><trkseg><trkpt lat="31.05" lon="121.50"/><trkpt lat="31.06" lon="121.52"/></trkseg></trk>
</gpx>)");
  app::ImportWizard *w = window.importController()->showImportWizard();
  w->setFile(QString::fromStdString(file));
  QComboBox *layers = w->sourceLayerCombo();
  EXPECT_TRUE(layers->isEnabled());
  ASSERT_GE(layers->findData(QStringLiteral("waypoints")), 0);
  ASSERT_GE(layers->findData(QStringLiteral("tracks")), 0);
  layers->setCurrentIndex(layers->findData(QStringLiteral("waypoints")));
  w->next();
  w->targetCombo()->setCurrentIndex(w->targetCombo()->findData(QString()));
  w->newLayerIdEdit()->setText(QStringLiteral("gates"));
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("features read: 2"), std::string::npos) << report;
  EXPECT_EQ(report.find("tracks"), std::string::npos) << report;
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(window.store()->featureCount("gates"), 2u);
}
