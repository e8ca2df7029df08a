// File ▸ Import layer… offscreen on a copy of the sample town: the wizard driven page by
// page with the real importer, real GDAL and the real SpatiaLite project.
#include "tests/app/ImportWizardFixture.h"

using namespace wizardtest;

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
  ASSERT_TRUE(w->waitForDryRun());
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("Features read: 3"), std::string::npos) << report;
  EXPECT_NE(report.find("Dry run: 3 feature(s) would be imported"), std::string::npos) << report;
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
  // The map is re-read (on a worker, when the window does that off the GUI thread).
  QElapsedTimer waited;
  waited.start();
  while (reloads < 1 && waited.elapsed() < 60000)
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
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
  ASSERT_TRUE(w->waitForDryRun());
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("Features read: 2"), std::string::npos) << report;
  w->next();
  ASSERT_TRUE(w->waitForImport());
  EXPECT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported);
  EXPECT_EQ(toilets(), before + 2);
}

TEST_F(ImportWizardTest, CsvCoordinateColumnsAreGeometryRowsNotFields)
{
  const std::string file = dir.file("sites.csv");
  writeText(file, "name,lat,lon,project\n长者照护之家,31.04,121.49,existing\n敬老院,31.08,121.53,existing\n");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  QTableWidget *table = w->mappingTable();
  ASSERT_EQ(table->rowCount(), 4);
  int geometryRows = 0;
  for (int row = 0; row < table->rowCount(); ++row) {
    const QString source = table->item(row, 0)->text();
    if (source == QStringLiteral("lon") || source == QStringLiteral("lat")) {
      ++geometryRows;
      EXPECT_EQ(w->mappingCombo(row), nullptr) << "not editable: " << source.toStdString();
      ASSERT_NE(table->item(row, 2), nullptr);
      EXPECT_EQ(table->item(row, 2)->text().toStdString(),
                source == QStringLiteral("lon") ? "geometry (longitude)" : "geometry (latitude)");
      EXPECT_FALSE(table->item(row, 2)->flags() & Qt::ItemIsEditable);
    } else {
      EXPECT_NE(w->mappingCombo(row), nullptr) << source.toStdString();
    }
  }
  EXPECT_EQ(geometryRows, 2);
  EXPECT_FALSE(w->mapField(QStringLiteral("lon"), QString())) << "a geometry row cannot be skipped";
  EXPECT_TRUE(w->fieldMap().empty());
  ASSERT_TRUE(w->selectCrs(QStringLiteral("EPSG:4326")));
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  ASSERT_TRUE(w->waitForDryRun());
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  EXPECT_FALSE(w->dryRunReport()->blocked()) << w->reportView()->toPlainText().toStdString();
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(toilets(), before + 2);
}

TEST_F(ImportWizardTest, BrokenFileShowsTheImportersMessageAndStops)
{
  const std::string file = dir.file("broken.geojson");
  writeText(file, R"({"type":"FeatureCollection","features":[{"type":"Feature","geom)");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  ASSERT_TRUE(w->waitForDryRun());
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
  ASSERT_TRUE(w->waitForDryRun());
  EXPECT_NE(w->reportView()->toPlainText().toStdString().find("Target layer: wells (new)"), std::string::npos)
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
  ASSERT_TRUE(w->waitForDryRun());
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("Features read: 2"), std::string::npos) << report;
  EXPECT_EQ(report.find("tracks"), std::string::npos) << report;
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(window.store()->featureCount("gates"), 2u);
}

TEST_F(ImportWizardTest, TargetLayerIsGuessedFromTheFileAndSourceLayerName)
{
  struct Case
  {
    const char *file;
    std::string text;
    const char *want;
  };
  const std::string line =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"LineString","coordinates":[[121.50,31.05],[121.51,31.05]]}}]})";
  const std::string point =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[121.50,31.05]}}]})";
  const std::string polygon =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[121.50,31.05],[121.51,31.05],[121.51,31.06],[121.50,31.05]]]}}]})";
  const std::string kml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>toilets</name>
<Placemark><name>甲</name><Point><coordinates>121.5,31.05</coordinates></Point></Placemark>
</Folder></Document></kml>)";
  const Case cases[] = {
      {"rivers.geojson", line, "rivers"},              // the id
      {"河道.geojson", line, "rivers"},                // the Chinese name
      {"pujiang_rivers_2020.geojson", line, "rivers"}, // contains the id
      {"浦江镇公厕.geojson", point, "toilets"},        // contains the Chinese name
      {"survey.kml", kml, "toilets"},                  // the source layer's name
      {"points.geojson", point, "toilets"},            // no name: the first point layer
      {"lines.geojson", line, "roads"},                // the first line layer
      {"area.geojson", polygon, "boundary"},           // the first polygon layer
  };
  for (const Case &c : cases) {
    const std::string file = dir.file(c.file);
    writeText(file, c.text);
    app::ImportWizard *w = window.importController()->showImportWizard();
    w->setFile(QString::fromStdString(file));
    w->next();
    ASSERT_EQ(w->currentId(), app::ImportWizard::TargetPage) << c.file;
    EXPECT_EQ(w->targetCombo()->currentData().toString().toStdString(), c.want) << c.file;
    w->reject();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  }
}

TEST_F(ImportWizardTest, FieldMappingEditedInTheTableReachesTheImport)
{
  const std::string file = dir.file("survey_toilets.geojson");
  writeText(file, R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"名称":"公厕丁","类型":"beautiful","project":"existing","编号":"WC-91"},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
  {"type":"Feature","properties":{"名称":"公厕戊","类型":"overhaul","project":"existing","编号":"WC-92"},"geometry":{"type":"Point","coordinates":[121.51,31.06]}}]})");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  QTableWidget *table = w->mappingTable();
  ASSERT_EQ(table->rowCount(), 4);
  // Auto-matched by name: project -> project; the Chinese fields go nowhere yet.
  for (int row = 0; row < table->rowCount(); ++row) {
    const QString source = table->item(row, 0)->text();
    const QString into = w->mappingCombo(row)->currentData().toString();
    if (source == QStringLiteral("project")) {
      EXPECT_EQ(into.toStdString(), "project");
    }
    if (source == QStringLiteral("类型")) {
      EXPECT_EQ(into.toStdString(), "");
    }
  }
  EXPECT_TRUE(w->fieldMap().empty()) << "nothing changed: the importer matches by itself";
  ASSERT_TRUE(w->mapField(QStringLiteral("名称"), QStringLiteral("name")));
  ASSERT_TRUE(w->mapField(QStringLiteral("编号"), QStringLiteral("code")));
  ASSERT_TRUE(w->mapField(QStringLiteral("类型"), QStringLiteral("project")));
  ASSERT_TRUE(w->mapField(QStringLiteral("project"), QString())); // (skip)
  EXPECT_FALSE(w->mapField(QStringLiteral("类型"), QStringLiteral("no_such_field")));
  EXPECT_EQ(w->fieldMap().size(), 4u);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  ASSERT_TRUE(w->waitForDryRun());
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  EXPECT_EQ(w->dryRunReport()->fieldMapping.at("类型"), "project");
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(toilets(), before + 2);
  int found = 0;
  for (const auto &f : window.store()->features("toilets"))
    if (f.name == "公厕丁") {
      ++found;
      EXPECT_EQ(f.code, "WC-91");
      EXPECT_EQ(data::valueToString(f.attributes.at("project")), "beautiful")
          << "from 类型, not from project";
    }
  EXPECT_EQ(found, 1);
}

TEST_F(ImportWizardTest, AValueTheTargetFieldRefusesIsAnErrorOfThatFeature)
{
  const std::string file = dir.file("toilets_notes.geojson");
  writeText(file, R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"公厕甲","note":"overhaul"},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
  {"type":"Feature","properties":{"name":"公厕乙","note":"翻新"},"geometry":{"type":"Point","coordinates":[121.51,31.06]}}]})");
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  ASSERT_TRUE(w->mapField(QStringLiteral("note"), QStringLiteral("project")));
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  const auto &errors = w->dryRunReport()->errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].feature.find("公厕乙"), std::string::npos) << errors[0].feature;
  EXPECT_EQ(errors[0].kind, data::ImportReport::Item::Kind::NotInValueList) << errors[0].message;
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("Errors: 1"), std::string::npos) << report;
  EXPECT_NE(report.find("feature 2 (公厕乙): field project: '翻新' is not one of"), std::string::npos)
      << report;
  EXPECT_FALSE(w->currentPage()->isComplete());
  EXPECT_EQ(toilets(), before);
}

TEST_F(ImportWizardTest, TheWizardSpeaksChinese)
{
  const QString qm =
      QFileInfo(QStringLiteral(PLANMAP_GUI)).dir().filePath(QStringLiteral("planmap_zh_CN.qm"));
  QTranslator translator;
  if (!translator.load(qm)) GTEST_SKIP() << "no " << qm.toStdString();
  QCoreApplication::installTranslator(&translator);
  QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
  struct Restore // English again for the tests after this one, however this one ends
  {
    QTranslator &t;
    ~Restore()
    {
      QCoreApplication::removeTranslator(&t);
      QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
  } restore{translator};
  const std::string file = dir.file("公厕.geojson");
  writeText(file, kToilets);
  app::ImportWizard *w = window.importController()->showImportWizard();
  EXPECT_EQ(w->windowTitle().toStdString(), "导入图层");
  w->setFile(QString::fromStdString(file));
  w->next();
  EXPECT_EQ(w->targetCombo()->currentData().toString().toStdString(), "toilets");
  EXPECT_EQ(w->currentPage()->title().toStdString(), "目标图层与坐标系");
  EXPECT_EQ(w->mappingTable()->horizontalHeaderItem(0)->text().toStdString(), "文件中的字段");
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  const std::string report = w->reportView()->toPlainText().toStdString();
  EXPECT_NE(report.find("读取要素：3"), std::string::npos) << report;
  EXPECT_NE(report.find("试运行：将导入 3 个要素"), std::string::npos) << report;
  w->reject();
}

TEST_F(ImportWizardTest, GbkFieldNamesOfAShapefileWithoutCpgAreReadAsTheImporterReadsThem)
{
  const auto gbk = [](const std::string &utf8) {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    std::string in = utf8, out(utf8.size() * 2, '\0');
    char *src = in.data(), *dst = out.data();
    std::size_t inLeft = in.size(), outLeft = out.size();
    iconv(cd, &src, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
  };
  const std::string file = dir.file("gbk_toilets.shp");
  importtest::writeVector(file, "ESRI Shapefile", "gbk_toilets", 4326, wkbPoint,
                          {{gbk("名称"), OFTString}, {gbk("项目"), OFTString}},
                          {{"POINT (121.5 31.05)", {gbk("浦江镇公厕"), std::string("beautiful")}}},
                          {"ENCODING="});
  std::filesystem::remove(dir.file("gbk_toilets.cpg"));
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  ASSERT_EQ(w->mappingTable()->rowCount(), 2);
  EXPECT_EQ(w->mappingTable()->item(0, 0)->text().toStdString(), "名称");
  EXPECT_EQ(w->mappingTable()->item(1, 0)->text().toStdString(), "项目");
  EXPECT_EQ(w->mappingCombo(1)->currentData().toString().toStdString(), "project")
      << "matched by its label 项目";
  ASSERT_TRUE(w->mapField(QStringLiteral("名称"), QStringLiteral("name")));
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  w->next();
  ASSERT_TRUE(w->waitForImport());
  ASSERT_EQ(w->outcome(), app::ImportWizard::Outcome::Imported) << w->resultLabel()->text().toStdString();
  EXPECT_EQ(toilets(), before + 1);
  int found = 0;
  for (const auto &f : window.store()->features("toilets"))
    found += f.name == "浦江镇公厕" && data::valueToString(f.attributes.at("project")) == "beautiful";
  EXPECT_EQ(found, 1);
}
