// The dashboard's overview in the real main window, offscreen: the KPI tiles per group and the
// grid of targets coloured by state, against `status --json` of the same date.
#include "app/gui/Dashboard.h"
#include "app/gui/DashboardOverview.h"
#include "app/gui/LeadershipController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "layers/plan/Schedule.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/SampleFixture.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>

#include <gtest/gtest.h>

#include <map>

namespace {

QJsonArray statusTargets(const std::string &project, const std::string &date)
{
  const auto r = testutil::runCli({"status", project, "--as-of", date, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object()["targets"].toArray();
}

} // namespace

TEST(OverviewGui, TilesCountEveryTargetInTheStateStatusGivesAndACellSelectsIt)
{
  testutil::TempDir dir;
  const std::string path = testutil::sampleProjectCopy(dir);
  QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
  app::MainWindow window;
  window.resize(1600, 1000);
  window.show();
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(path), true));
  app::LeadershipController *lead = window.leadershipController();
  lead->setAsOf(QDate(2020, 9, 15));
  lead->flushMap();
  ASSERT_TRUE(window.waitUntilIdle());
  app::DashboardOverview *overview = lead->dashboard()->overview();
  ASSERT_NE(overview, nullptr);

  // Every target in exactly one state, the state status --json gives for the date.
  const layers::Plan &plan = lead->plan();
  std::map<std::string, app::StateCounts> expected;
  app::StateCounts all{};
  for (const auto &v : statusTargets(path, "2020-09-15")) {
    const QJsonObject t = v.toObject();
    const auto state = layers::targetStateFromName(t["state"].toString().toStdString());
    ASSERT_TRUE(state) << t["state"].toString().toStdString();
    const layers::Target *target = plan.target(t["id"].toString().toStdString());
    ASSERT_NE(target, nullptr);
    ++expected[target->group][static_cast<std::size_t>(*state)];
    ++all[static_cast<std::size_t>(*state)];
    QAbstractButton *cell = overview->cell(t["id"].toString());
    ASSERT_NE(cell, nullptr);
    EXPECT_TRUE(cell->styleSheet().contains(app::DashboardOverview::stateColour(*state).name()))
        << target->id;
    // Seen without scrolling: the whole cell inside the dashboard's scroll area.
    QWidget *view = cell->parentWidget();
    while (view && !qobject_cast<QAbstractScrollArea *>(view->parentWidget()))
      view = view->parentWidget();
    ASSERT_NE(view, nullptr);
    EXPECT_TRUE(view->rect().contains(QRect(cell->mapTo(view, QPoint(0, 0)), cell->size()))) << target->id;
  }
  for (const auto &[group, counts] : expected) {
    EXPECT_EQ(overview->counts(group), counts) << group;
    // The tile's counts are read whole, without scrolling sideways.
    auto *tile = overview->findChild<QLabel *>(QString::fromStdString("counts:" + group));
    ASSERT_NE(tile, nullptr);
    QWidget *tileView = tile->parentWidget()->parentWidget()->parentWidget(); // overview, inner, viewport
    EXPECT_TRUE(tileView->rect().contains(QRect(tile->mapTo(tileView, QPoint(0, 0)), tile->size()))) << group;
  }
  EXPECT_EQ(overview->total(), all);
  int sum = 0;
  for (int n : overview->total())
    sum += n;
  EXPECT_EQ(sum, static_cast<int>(plan.targets.size()));

  // A click on a cell opens the target's card and selects its features on the map.
  overview->cell(QStringLiteral("river_remediation"))->click();
  ASSERT_TRUE(window.waitUntilIdle());
  EXPECT_EQ(lead->dashboard()->selectedTarget(), QStringLiteral("river_remediation"));
  EXPECT_FALSE(window.canvas()->selection().empty());
}
