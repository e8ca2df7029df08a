// File ▸ Export layer… offscreen on a copy of the sample town: the dialog runs the real
// exporter on a worker; GDAL reads back what it wrote.
#include "app/gui/ExportLayerDialog.h"
#include "app/gui/ImportController.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/SampleFixture.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTreeWidget>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace {

class ExportDialogTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
    project = testutil::sampleProjectCopy(dir);
    ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
  }

  testutil::TempDir dir;
  std::string project;
  app::MainWindow window;
};

// Features in each layer of a vector file, by layer name; empty when GDAL cannot open it.
std::map<std::string, long long> ogrCounts(const std::string &path, std::string *epsg = nullptr)
{
  std::map<std::string, long long> out;
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) return out;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds); ++i) {
    OGRLayerH l = GDALDatasetGetLayer(ds, i);
    out[OGR_L_GetName(l)] = OGR_L_GetFeatureCount(l, 1);
    if (epsg && i == 0)
      if (OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l))
        if (const char *code = OSRGetAuthorityCode(srs, nullptr)) *epsg = code;
  }
  GDALClose(ds);
  return out;
}

} // namespace

TEST_F(ExportDialogTest, FileMenuHasExportLayer)
{
  QAction *action = window.importController()->exportAction();
  ASSERT_TRUE(action);
  EXPECT_TRUE(action->isEnabled());
  const auto actions = window.fileMenu()->actions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end());
}

TEST_F(ExportDialogTest, WritesAGeoPackageOgrReadsWithTheRightCount)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->formatCombo()->currentData().toString().toStdString(), "GPKG") << "GeoPackage by default";
  d->layerCombo()->setCurrentIndex(d->layerCombo()->findData(QStringLiteral("rivers")));
  const std::string out = dir.file("河道.gpkg");
  d->outputEdit()->setText(QString::fromStdString(out));
  ASSERT_TRUE(d->startExport());
  EXPECT_FALSE(d->exportButton()->isEnabled()) << "one export at a time";
  ASSERT_TRUE(d->waitForExport());
  ASSERT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Exported)
      << d->resultLabel()->text().toStdString();
  const std::size_t rivers = window.store()->featureCount("rivers");
  EXPECT_EQ(d->result().features, rivers);
  EXPECT_TRUE(d->resultLabel()->text().contains(QString::number(rivers)))
      << d->resultLabel()->text().toStdString();
  std::string epsg;
  const auto counts = ogrCounts(out, &epsg);
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts.begin()->second, static_cast<long long>(rivers));
  EXPECT_EQ(epsg, "4326");
  d->reject();
}

TEST_F(ExportDialogTest, WholeProjectReprojectedAsOfADate)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  d->layerCombo()->setCurrentIndex(d->layerCombo()->findData(QString()));
  const std::string out = dir.file("town.gpkg");
  d->outputEdit()->setText(QString::fromStdString(out));
  d->crsCombo()->setEditText(QStringLiteral("EPSG:4549"));
  d->asOfBox()->setChecked(true);
  d->asOfEdit()->setDate(QDate(2020, 6, 30));
  QString problem;
  const data::ExportOptions o = d->options(&problem);
  EXPECT_TRUE(problem.isEmpty()) << problem.toStdString();
  EXPECT_TRUE(o.layers.empty());
  EXPECT_EQ(o.crs, "EPSG:4549");
  EXPECT_EQ(o.asOf, "2020-06-30");
  ASSERT_TRUE(d->startExport());
  ASSERT_TRUE(d->waitForExport());
  ASSERT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Exported)
      << d->resultLabel()->text().toStdString();
  std::string epsg;
  const auto counts = ogrCounts(out, &epsg);
  EXPECT_EQ(counts.size(), window.store()->layers().size());
  long long total = 0;
  for (const auto &[name, n] : counts)
    total += n;
  EXPECT_EQ(static_cast<std::size_t>(total), d->result().features);
  EXPECT_EQ(epsg, "4549");
}

TEST_F(ExportDialogTest, ABadCoordinateSystemWritesNothing)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  const std::string out = dir.file("bad.gpkg");
  d->outputEdit()->setText(QString::fromStdString(out));
  d->crsCombo()->setEditText(QStringLiteral("not a crs"));
  EXPECT_FALSE(d->startExport()) << "refused before starting";
  EXPECT_FALSE(d->resultLabel()->text().isEmpty());
  d->crsCombo()->setEditText(QStringLiteral("EPSG:999999"));
  ASSERT_TRUE(d->startExport());
  ASSERT_TRUE(d->waitForExport());
  EXPECT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Failed);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_TRUE(d->exportButton()->isEnabled());
}

TEST_F(ExportDialogTest, WholeProjectAsShapefilesGoesIntoAFolder)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  d->outputEdit()->setText(QString::fromStdString(dir.file("rivers.gpkg")));
  d->layerCombo()->setCurrentIndex(d->layerCombo()->findData(QString()));
  d->formatCombo()->setCurrentIndex(d->formatCombo()->findData(QStringLiteral("Shapefile")));
  // A one-layer-per-file format for several layers: a folder named after the project.
  const QString out = d->outputEdit()->text();
  EXPECT_TRUE(QFileInfo(out).suffix().isEmpty()) << out.toStdString();
  EXPECT_EQ(QFileInfo(out).fileName(), QFileInfo(QString::fromStdString(project)).completeBaseName());
  ASSERT_TRUE(d->startExport());
  ASSERT_TRUE(d->waitForExport());
  ASSERT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Exported)
      << d->resultLabel()->text().toStdString();
  EXPECT_EQ(d->result().files.size(), window.store()->layers().size());
  long long total = 0;
  for (const auto &f : d->result().files)
    for (const auto &[name, n] : ogrCounts(f))
      total += n;
  EXPECT_EQ(static_cast<std::size_t>(total), d->result().features);
  EXPECT_TRUE(d->resultLabel()->text().contains(out)) << d->resultLabel()->text().toStdString();
}

TEST_F(ExportDialogTest, TheLayerIsTheSelectionsElseTheLayerTreesCurrentOne)
{
  const auto layers = window.store()->layers();
  ASSERT_GE(layers.size(), 3u);
  // Neither the first layer (the old default) nor the one selected below.
  const std::string treeLayer = layers.back().id;
  auto *tree = window.layerTree()->findChild<QTreeWidget *>();
  ASSERT_NE(tree, nullptr);
  for (int i = 0; i < tree->topLevelItemCount(); ++i) {
    tree->setCurrentItem(tree->topLevelItem(i));
    if (window.layerTree()->currentLayerId() == treeLayer) break;
  }
  ASSERT_EQ(window.layerTree()->currentLayerId(), treeLayer);
  {
    app::ExportLayerDialog *d = window.importController()->showExportDialog();
    EXPECT_EQ(d->layerCombo()->currentData().toString().toStdString(), treeLayer);
    EXPECT_EQ(QFileInfo(d->outputEdit()->text()).fileName().toStdString(), treeLayer + ".gpkg");
    delete d;
  }
  // A feature selected on the map wins over the layer tree.
  const auto data = window.mapData();
  ASSERT_TRUE(data);
  const layers::MapLayer *selected = nullptr;
  for (std::size_t k = 1; k + 1 < layers.size() && !selected; ++k)
    if (const layers::MapLayer *l = data->layer(layers[k].id); l && l->size() > 0) selected = l;
  ASSERT_TRUE(selected);
  window.canvas()->setSelection({selected->featureId(0)});
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  EXPECT_EQ(d->layerCombo()->currentData().toString().toStdString(), selected->id());
  EXPECT_EQ(QFileInfo(d->outputEdit()->text()).fileName().toStdString(), selected->id() + ".gpkg");
  EXPECT_EQ(d->options().layers, std::vector<std::string>{selected->id()});
  d->reject();
}

TEST_F(ExportDialogTest, CancelDuringAnExportLeavesNoFileAndSaysCancelled)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->cancelButton()->isEnabled()) << "nothing to cancel yet";
  d->layerCombo()->setCurrentIndex(0); // the whole project
  const std::string out = dir.file("all.gpkg");
  d->outputEdit()->setText(QString::fromStdString(out));
  ASSERT_TRUE(d->startExport());
  ASSERT_TRUE(d->cancelButton()->isEnabled());
  d->cancelButton()->click();
  ASSERT_TRUE(d->waitForExport());
  EXPECT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Cancelled)
      << d->resultLabel()->text().toStdString();
  EXPECT_TRUE(d->resultLabel()->text().contains(QStringLiteral("cancelled")))
      << d->resultLabel()->text().toStdString();
  EXPECT_FALSE(d->cancelButton()->isEnabled());
  EXPECT_TRUE(d->exportButton()->isEnabled());
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto &e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().rfind(".planmap-export", 0), std::string::npos)
        << "left behind: " << e.path();

  // Exporting again runs to the end, the bar at its total.
  ASSERT_TRUE(d->startExport());
  ASSERT_TRUE(d->waitForExport());
  ASSERT_EQ(d->outcome(), app::ExportLayerDialog::Outcome::Exported)
      << d->resultLabel()->text().toStdString();
  EXPECT_TRUE(std::filesystem::exists(out));
  d->reject();
}

TEST_F(ExportDialogTest, ClosingDuringAnExportCancelsItAndWaits)
{
  app::ExportLayerDialog *d = window.importController()->showExportDialog();
  ASSERT_TRUE(d);
  d->layerCombo()->setCurrentIndex(0);
  d->formatCombo()->setCurrentIndex(d->formatCombo()->findData(QStringLiteral("Shapefile")));
  const std::string out = d->outputEdit()->text().toStdString();
  ASSERT_FALSE(std::filesystem::exists(out));
  // The controller's dialog deletes itself on close: read its outcome from the signal, which is
  // delivered before the deferred delete, never from `d` once it is closed.
  std::optional<app::ExportLayerDialog::Outcome> outcome;
  QObject::connect(d, &app::ExportLayerDialog::exportFinished,
                   [&outcome](app::ExportLayerDialog::Outcome o) { outcome = o; });
  ASSERT_TRUE(d->startExport());
  d->reject(); // returns once the worker has stopped
  EXPECT_FALSE(std::filesystem::exists(out)) << out;
  for (int i = 0; i < 500 && !outcome; ++i)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(*outcome, app::ExportLayerDialog::Outcome::Cancelled);
}
