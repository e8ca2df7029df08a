// The leadership widgets offscreen on the sample town: the dashboard shows what `status --json`
// says at three dates, a click on a card lists what is not done, the time slider drives the date,
// the village table sorts and reports clicks, and the measurement form writes (or refuses) as the
// user's role says.
#include "app/gui/Dashboard.h"
#include "app/core/ProjectFigures.h"
#include "app/gui/Charts.h"
#include "app/gui/DashboardCard.h"
#include "app/gui/MeasurementDialog.h"
#include "app/gui/TimeSlider.h"
#include "app/gui/VillageTable.h"
#include "data/store/Store.h"
#include "layers/report/ReportData.h"

#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFontMetrics>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QListWidget>
#include <QStandardItemModel>
#include <QTimer>

#include <gtest/gtest.h>

#include <cmath>

namespace {

struct Sample
{
  testutil::TempDir dir;
  std::string path = testutil::sampleProjectCopy(dir);
  std::unique_ptr<data::Store> store = data::openProject(path);
  layers::Plan plan = layers::Plan::fromJson(store->plan()->json, path);
};

QJsonArray statusTargets(const std::string &project, const std::string &date)
{
  const auto r = testutil::runCli({"status", project, "--as-of", date, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object()["targets"].toArray();
}

double number(const QString &text)
{
  return text.split(' ').front().toDouble();
}

} // namespace

TEST(Dashboard, CardsShowWhatStatusSaysAtThreeDates)
{
  Sample s;
  app::Dashboard dashboard;
  dashboard.resize(420, 900);
  dashboard.setProject(*s.store, s.plan, true);
  for (const std::string date : {"2020-06-30", "2020-09-15", "2020-11-30"}) {
    SCOPED_TRACE(date);
    dashboard.setAsOf(QDate::fromString(QString::fromStdString(date), Qt::ISODate));
    const QJsonArray targets = statusTargets(s.path, date);
    ASSERT_EQ(targets.size(), static_cast<qsizetype>(s.plan.targets.size()));
    for (const auto &v : targets) {
      const QJsonObject t = v.toObject();
      const QString id = t["id"].toString();
      SCOPED_TRACE(id.toStdString());
      const layers::Target *target = s.plan.target(id.toStdString());
      app::DashboardCard *card = dashboard.card(id);
      ASSERT_NE(card, nullptr);
      if (t["value"].isNull()) {
        EXPECT_EQ(card->valueText(), QStringLiteral("—"));
        continue;
      }
      const double tolerance = 0.5 * std::pow(10.0, -layers::valueDecimals(*target)) + 1e-6;
      EXPECT_NEAR(card->valueText().toDouble(), t["value"].toDouble(), tolerance)
          << card->valueText().toStdString();
      EXPECT_NEAR(number(card->percentText()), t["percent"].toDouble(), 0.5 + 1e-6);
      const layers::TargetProgress *p = dashboard.progress(id);
      ASSERT_NE(p, nullptr);
      EXPECT_NEAR(p->value, t["value"].toDouble(), 1e-5);
      if (t.contains("features_done")) {
        EXPECT_EQ(p->featuresDone, t["features_done"].toInt());
      }
    }
  }
}

TEST(Dashboard, ClickingACardListsWhatIsNotDone)
{
  Sample s;
  app::Dashboard dashboard;
  dashboard.resize(460, 1000);
  dashboard.show();
  dashboard.setProject(*s.store, s.plan, false);
  dashboard.setAsOf(QDate(2020, 9, 15));
  QString got;
  QList<qint64> all, open;
  QObject::connect(&dashboard, &app::Dashboard::targetActivated,
                   [&](const QString &id, const QList<qint64> &a, const QList<qint64> &o) {
                     got = id, all = a, open = o;
                   });
  const QJsonArray targets = statusTargets(s.path, "2020-09-15");
  QJsonObject river;
  for (const auto &v : targets)
    if (v.toObject()["id"] == QStringLiteral("river_remediation")) river = v.toObject();
  dashboard.selectTarget(QStringLiteral("river_remediation"));
  EXPECT_EQ(got, QStringLiteral("river_remediation"));
  EXPECT_EQ(all.size(), river["features_total"].toInt());
  EXPECT_EQ(open.size(), river["features_total"].toInt() - river["features_done"].toInt());
  EXPECT_EQ(dashboard.openList()->count(), open.size());
  EXPECT_GT(open.size(), 0);
  // Later no more are open, and the list follows the date.
  const auto openBefore = open.size();
  dashboard.setAsOf(QDate(2020, 11, 30));
  EXPECT_LE(open.size(), openBefore);
  EXPECT_EQ(dashboard.openList()->count(), open.size());

  QApplication::processEvents(); // let the layouts settle as a shown window would
  const QImage shot = dashboard.grab().toImage();
  EXPECT_FALSE(shot.isNull());
  if (const QByteArray out = qgetenv("PLANMAP_SCREENSHOT"); !out.isEmpty())
    dashboard.grab().save(QString::fromLocal8Bit(out));
}

TEST(TimeSlider, DateFieldSliderAndPlayAgree)
{
  app::TimeSlider slider;
  slider.setRange(QDate(2020, 5, 15), QDate(2020, 12, 31));
  QList<QDate> seen;
  QObject::connect(&slider, &app::TimeSlider::asOfChanged, [&](const QDate &d) { seen << d; });
  slider.setDate(QDate(2020, 8, 1));
  ASSERT_EQ(seen.size(), 1);
  EXPECT_EQ(seen.back(), QDate(2020, 8, 1));
  slider.setDate(QDate(2030, 1, 1)); // clamped to the range
  EXPECT_EQ(slider.date(), QDate(2020, 12, 31));

  slider.setPlayStep(30);
  QEventLoop loop;
  QObject::connect(&slider, &app::TimeSlider::playingChanged, [&](bool playing) {
    if (!playing) loop.quit();
  });
  seen.clear();
  slider.play(); // at the end: starts again from the first day
  QTimer::singleShot(20000, &loop, &QEventLoop::quit);
  loop.exec();
  EXPECT_FALSE(slider.isPlaying());
  ASSERT_GE(seen.size(), 8);
  EXPECT_EQ(seen.front(), QDate(2020, 5, 15));
  EXPECT_EQ(seen.back(), QDate(2020, 12, 31));
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(VillageTable, RowsAreVillagesSortableAndClickable)
{
  Sample s;
  app::VillageTable table;
  const auto rollup = layers::computeRollup(*s.store, s.plan, "2020-10-01", true);
  table.setRollup(s.plan, rollup, true);
  ASSERT_EQ(table.tableModel()->rowCount(), static_cast<int>(rollup.villages.size()));
  const int shareColumn = table.tableModel()->columnCount() - 1;
  table.sortByColumn(shareColumn, Qt::DescendingOrder);
  double last = 1e9;
  for (int r = 0; r < table.tableModel()->rowCount(); ++r) {
    const double share = table.tableModel()->index(r, shareColumn).data().toString().toDouble();
    EXPECT_LE(share, last + 1e-9);
    last = share;
  }
  qint64 clicked = 0;
  QObject::connect(&table, &app::VillageTable::villageActivated, [&](qint64 id) { clicked = id; });
  const QString firstName = table.tableModel()->index(0, 0).data().toString();
  emit table.clicked(table.tableModel()->index(0, 1));
  ASSERT_NE(clicked, 0);
  for (const auto &v : rollup.villages)
    if (v.villageId == clicked) {
      EXPECT_EQ(QString::fromStdString(v.villageName), firstName);
    }
}

// Rows made on a worker (prepare) come sorted as the table is, so showing them needs no sort; the
// table hands back what it showed before (to be freed off the GUI thread), and a column the user
// widened keeps its width.
TEST(VillageTable, PreparedRowsAreSortedAsTheTableAndTheOldOnesComeBack)
{
  Sample s;
  const auto early = layers::computeRollup(*s.store, s.plan, "2020-06-30", true);
  const auto late = layers::computeRollup(*s.store, s.plan, "2020-10-01", true);
  app::VillageTable sortedHere, prepared;
  sortedHere.setRollup(s.plan, early, true);
  prepared.setRollup(s.plan, early, true);
  const int shareColumn = prepared.tableModel()->columnCount() - 1;
  sortedHere.sortByColumn(shareColumn, Qt::DescendingOrder);
  prepared.sortByColumn(shareColumn, Qt::DescendingOrder);
  sortedHere.setRollup(s.plan, late, true); // sorted by the table after the rows are shown

  app::VillageTable::Prepared p =
      app::VillageTable::prepare(s.plan, late, true, prepared.sortColumn(), prepared.sortOrder());
  EXPECT_EQ(p.sortColumn, shareColumn);
  prepared.horizontalHeader()->resizeSection(0, 333); // the user widens the names
  prepared.showPrepared(p);
  EXPECT_EQ(prepared.rollup().asOf, "2020-10-01");
  EXPECT_EQ(p.rollup.asOf, "2020-06-30"); // the roll-up and rows shown before, for the caller
  EXPECT_EQ(p.rows.size(), early.villages.size());
  EXPECT_EQ(prepared.horizontalHeader()->sectionSize(0), 333);
  ASSERT_EQ(prepared.tableModel()->rowCount(), sortedHere.tableModel()->rowCount());
  for (int r = 0; r < prepared.tableModel()->rowCount(); ++r) {
    const QModelIndex a = prepared.tableModel()->index(r, 0), b = sortedHere.tableModel()->index(r, 0);
    EXPECT_EQ(a.data(Qt::UserRole + 2), b.data(Qt::UserRole + 2)) << "row " << r;
    EXPECT_EQ(prepared.tableModel()->index(r, shareColumn).data(),
              sortedHere.tableModel()->index(r, shareColumn).data());
  }
  // Columns fit their longest text.
  const QFontMetrics fm(prepared.font());
  for (int c = 1; c < prepared.tableModel()->columnCount(); ++c)
    for (int r = 0; r < prepared.tableModel()->rowCount(); ++r)
      EXPECT_LE(fm.horizontalAdvance(prepared.tableModel()->index(r, c).data().toString()),
                prepared.horizontalHeader()->sectionSize(c))
          << "column " << c << " row " << r;
}

TEST(MeasurementDialog, PlannerSavesLeaderIsRefused)
{
  Sample s;
  const auto before = s.store->measurements("aqi_good_rate").size();
  {
    app::MeasurementDialog dialog(*s.store, s.plan, QStringLiteral("leader1"), false);
    dialog.setTarget(QStringLiteral("aqi_good_rate"));
    dialog.setValue(81.5);
    dialog.setDate(QDate(2020, 10, 1));
    EXPECT_FALSE(dialog.save());
    EXPECT_FALSE(dialog.errorText().isEmpty());
    EXPECT_EQ(s.store->measurements("aqi_good_rate").size(), before);
  }
  app::MeasurementDialog dialog(*s.store, s.plan, QStringLiteral("planner1"), false);
  dialog.setTarget(QStringLiteral("aqi_good_rate"));
  dialog.setValue(81.5);
  dialog.setDate(QDate(2020, 10, 1));
  dialog.setNote(QStringLiteral("monthly bulletin"));
  ASSERT_TRUE(dialog.save()) << dialog.errorText().toStdString();
  const auto after = s.store->measurements("aqi_good_rate");
  ASSERT_EQ(after.size(), before + 1);
  const auto r = testutil::runCli({"status", s.path, "--as-of", "2020-10-01", "--json"});
  EXPECT_NE(r.out.find("\"latest_date\":\"2020-10-01\""), std::string::npos);
}

TEST(ChartsPanel, ChartsFollowTheTargetAndTheDate)
{
  Sample s;
  app::ChartsPanel charts;
  charts.resize(600, 400);
  charts.setData(s.plan, layers::collectReportData(*s.store, s.plan, "2020-10-01"), true);
  charts.setTarget(QStringLiteral("river_remediation"));
  EXPECT_EQ(charts.target(), QStringLiteral("river_remediation"));
  EXPECT_EQ(charts.burnUpChart()->series().size(), 2);
  EXPECT_EQ(charts.villageChart()->series().size(), 1);
  EXPECT_EQ(charts.statusChart()->series().size(), 1);
  EXPECT_FALSE(charts.grab().toImage().isNull());
}

// New figures replace the points of the series made once (no series or axes re-created), and a
// chart nobody can see is drawn when it is shown or asked for, with the newest figures.
TEST(ChartsPanel, NewFiguresReplaceThePointsAndHiddenChartsWaitUntilSeen)
{
  Sample s;
  app::ChartsPanel charts; // not shown
  charts.resize(600, 400);
  const std::string target = "river_remediation";
  const auto june = layers::collectReportData(*s.store, s.plan, "2020-06-30");
  const auto october = layers::collectReportData(*s.store, s.plan, "2020-10-01");
  charts.setData(s.plan, june, true);
  charts.setTarget(QString::fromStdString(target));
  QChart *chart = charts.burnUpChart();
  ASSERT_EQ(chart->series().size(), 2);
  auto *done = qobject_cast<QLineSeries *>(chart->series()[1]);
  ASSERT_NE(done, nullptr);
  ASSERT_GT(done->count(), 0);
  EXPECT_NEAR(done->points().back().y(), june.rollup.target(target)->value, 1e-6);

  charts.setData(s.plan, october, true);
  EXPECT_NEAR(done->points().back().y(), june.rollup.target(target)->value, 1e-6)
      << "a hidden chart was drawn";
  ASSERT_EQ(charts.burnUpChart()->series().size(), 2);
  EXPECT_EQ(charts.burnUpChart()->series()[1], done); // the same series, new points
  EXPECT_NEAR(done->points().back().y(), october.rollup.target(target)->value, 1e-6);

  // Shown: the chart of the current tab follows at once.
  charts.show();
  QCoreApplication::processEvents();
  charts.setData(s.plan, june, true);
  EXPECT_NEAR(done->points().back().y(), june.rollup.target(target)->value, 1e-6);
  // The village chart: at most 40 bars, one name each; the status chart: one bar per layer.
  auto *bars = qobject_cast<QAbstractBarSeries *>(charts.villageChart()->series().value(0));
  ASSERT_NE(bars, nullptr);
  ASSERT_EQ(bars->barSets().size(), 1);
  EXPECT_GT(bars->barSets()[0]->count(), 0);
  EXPECT_LE(bars->barSets()[0]->count(), 40);
  auto *stacked = qobject_cast<QAbstractBarSeries *>(charts.statusChart()->series().value(0));
  ASSERT_NE(stacked, nullptr);
  ASSERT_EQ(stacked->barSets().size(), 4);
  EXPECT_EQ(stacked->barSets()[0]->count(), static_cast<int>(june.layerStatus.size()));
}

// The leadership docks' figures computed on a worker (core::ProjectFigures): a snapshot says what the
// store-reading path (collectReportData) says, and after a mark refreshing only that feature's
// events (RollupModel::setEvents, ProgressReplay::setEvents) gives the same figures as reading the
// whole project again.
TEST(ProjectFigures, SnapshotMatchesTheReportAndAMarkRefreshesOnlyItsFeature)
{
  Sample s;
  core::ProjectFigures figures;
  std::shared_ptr<const core::FigureSnapshot> last;
  QObject::connect(&figures, &core::ProjectFigures::ready,
                   [&](const std::shared_ptr<const core::FigureSnapshot> &f) { last = f; });
  auto settle = [&] {
    last.reset();
    QElapsedTimer t;
    t.start();
    while (figures.isBusy() && t.elapsed() < 120000)
      QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return !figures.isBusy() && last != nullptr;
  };
  const QDate date(2020, 9, 15);
  const std::string iso = "2020-09-15", target = "river_remediation";
  figures.open(QString::fromStdString(s.path), s.plan, date, QString::fromStdString(target));
  ASSERT_TRUE(settle());
  ASSERT_EQ(last->date, date);

  const layers::ReportData report = layers::collectReportData(*s.store, s.plan, iso);
  ASSERT_EQ(last->report.rollup.targets.size(), report.rollup.targets.size());
  for (std::size_t i = 0; i < report.rollup.targets.size(); ++i) {
    EXPECT_NEAR(last->report.rollup.targets[i].value, report.rollup.targets[i].value, 1e-9);
    EXPECT_EQ(last->report.rollup.targets[i].featuresDone, report.rollup.targets[i].featuresDone);
  }
  ASSERT_EQ(last->report.rollup.villages.size(), report.rollup.villages.size());
  EXPECT_EQ(last->report.burnUp.dates, report.burnUp.dates);
  ASSERT_EQ(last->report.layerStatus.size(), report.layerStatus.size());
  for (std::size_t i = 0; i < report.layerStatus.size(); ++i)
    EXPECT_EQ(last->report.layerStatus[i].counts, report.layerStatus[i].counts);
  EXPECT_FALSE(last->targetFeatures.empty());
  const double riverBefore = last->report.rollup.target(target)->value;

  // A stretch marked, before the date, on a river the target counts that has no events yet.
  layers::TargetFeature river;
  for (const auto &f : last->targetFeatures)
    if (f.lengthM > 500 && s.store->events(f.id).empty()) {
      river = f;
      break;
    }
  ASSERT_GT(river.id, 0);
  data::Event e;
  e.featureId = river.id;
  e.kind = data::EventKind::Stretch;
  e.status = data::Status::Completed;
  e.fromM = 0;
  e.toM = river.lengthM / 2;
  e.date = "2020-09-01";
  s.store->appendEvent("engineer1", e);

  figures.eventsChanged({river.id}, date, QString::fromStdString(target));
  ASSERT_TRUE(settle());
  const std::shared_ptr<const core::FigureSnapshot> incremental = last;
  EXPECT_NEAR(incremental->report.rollup.target(target)->value - riverBefore, river.lengthM / 2 / 1000, 1e-6);
  figures.reload(date, QString::fromStdString(target));
  ASSERT_TRUE(settle());
  const std::shared_ptr<const core::FigureSnapshot> full = last;

  for (std::size_t i = 0; i < full->report.rollup.targets.size(); ++i) {
    EXPECT_NEAR(incremental->report.rollup.targets[i].value, full->report.rollup.targets[i].value, 1e-9);
    EXPECT_EQ(incremental->report.rollup.targets[i].featuresDone,
              full->report.rollup.targets[i].featuresDone);
  }
  ASSERT_EQ(incremental->report.rollup.villages.size(), full->report.rollup.villages.size());
  for (std::size_t v = 0; v < full->report.rollup.villages.size(); ++v)
    for (std::size_t i = 0; i < full->report.rollup.villages[v].targets.size(); ++i)
      EXPECT_NEAR(incremental->report.rollup.villages[v].targets[i].value,
                  full->report.rollup.villages[v].targets[i].value, 1e-9);
  ASSERT_EQ(incremental->burnUp->dates, full->burnUp->dates);
  for (std::size_t d = 0; d < full->burnUp->dates.size(); ++d)
    for (std::size_t i = 0; i < full->burnUp->rollups[d].size(); ++i)
      EXPECT_NEAR(incremental->burnUp->rollups[d][i].value, full->burnUp->rollups[d][i].value, 1e-9)
          << full->burnUp->dates[d];
  for (std::size_t i = 0; i < full->report.layerStatus.size(); ++i)
    EXPECT_EQ(incremental->report.layerStatus[i].counts, full->report.layerStatus[i].counts);
  ASSERT_EQ(incremental->targetFeatures.size(), full->targetFeatures.size());
  for (std::size_t i = 0; i < full->targetFeatures.size(); ++i)
    EXPECT_NEAR(incremental->targetFeatures[i].doneM, full->targetFeatures[i].doneM, 1e-9);
}
