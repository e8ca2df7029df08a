#pragma once

// The import wizard's tests: the sample town open in a window, a wizard on it, files to import.
#include "app/gui/FieldController.h"
#include "app/gui/ImportController.h"
#include "app/gui/ImportWizard.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"
#include "gis/ChinaOffset.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/SampleFixture.h"
#include "tests/data/io/ImportFixture.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QTranslator>

#include <gtest/gtest.h>

#include <iconv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wizardtest {

inline void writeText(const std::string &path, const std::string &text)
{
  std::ofstream(path, std::ios::binary) << text;
}

inline const char *const kToilets = R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"公厕甲","project":"existing"},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
  {"type":"Feature","properties":{"name":"公厕乙","project":"existing"},"geometry":{"type":"Point","coordinates":[121.51,31.06]}},
  {"type":"Feature","properties":{"name":"公厕丙","project":"overhaul"},"geometry":{"type":"Point","coordinates":[121.52,31.07]}}]})";

// `n` toilets on a grid inside the town, as GeoJSON.
inline std::string manyToilets(std::size_t n)
{
  std::ostringstream o;
  o << R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < n; ++i) {
    o << (i ? "," : "") << R"({"type":"Feature","properties":{"name":"厕)" << i
      << R"(","project":"existing"},"geometry":{"type":"Point","coordinates":[)"
      << 121.48 + 0.00001 * double(i % 3000) << "," << 31.02 + 0.00001 * double(i / 3000) << "]}}";
  }
  o << "]}";
  return o.str();
}

class ImportWizardTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
    project = testutil::sampleProjectCopy(dir);
    ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(project), true));
    ASSERT_TRUE(window.fieldController()->setUser(QStringLiteral("planner1")));
    QObject::connect(window.project(), &core::Project::mapReloaded, [this] { ++reloads; });
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

} // namespace wizardtest
