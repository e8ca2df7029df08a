// The leadership view in the main window and the server GUI, offscreen on
// the sample town: one date drives map, dashboard, village table and charts; cards and village rows
// act on the map; the village theme; the report and table actions; and, against a real PostgreSQL
// when PLANMAP_PG is set, take offline, synchronise and the live refresh.
#include "app/gui/Charts.h"
#include "app/gui/Dashboard.h"
#include "app/gui/DashboardCard.h"
#include "app/gui/FieldController.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/LeadershipController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/TimeSlider.h"
#include "app/gui/VillageTable.h"
#include "data/postgis/PgConnection.h"
#include "data/postgis/PostgisStore.h"
#include "data/store/Store.h"
#include "data/sync/Sync.h"
#include "layers/report/ReportData.h"
#include "tests/common/OpenWindow.h"
#include "tests/common/SampleFixture.h"
#include "tests/data/postgis/PgTestDatabase.h"

#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QStandardItemModel>
#include <QThread>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <functional>

namespace {

// Runs the event loop until `done` or the timeout; returns whether `done` came true.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 20000)
{
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return done();
}

QJsonObject statusTarget(const std::string &project, const std::string &date, const QString &id)
{
  const auto r = testutil::runCli({"status", project, "--as-of", date, "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  for (const auto &v :
       QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object()["targets"].toArray())
    if (v.toObject()["id"].toString() == id) return v.toObject();
  ADD_FAILURE() << "no target " << id.toStdString() << " in status --json";
  return {};
}

// Status of every feature of the map.
std::map<std::int64_t, data::Status> statuses(const layers::MapData &map)
{
  std::map<std::int64_t, data::Status> out;
  for (const layers::MapLayer &l : map.layers())
    for (std::size_t i = 0; i < l.size(); ++i)
      out[l.feature(i).id] = l.feature(i).status;
  return out;
}

bool contains(const gis::Envelope &outer, const gis::Envelope &inner)
{
  return outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX &&
         outer.maxY >= inner.maxY;
}

struct Window
{
  explicit Window(const std::string &project)
  {
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapTest"));
    window.resize(1400, 900);
    window.show();
    opened = testutil::openAndWait(window, QString::fromStdString(project), true);
    lead = window.leadershipController();
    // The figures are computed on a worker after the map is shown.
    idle = window.waitUntilIdle();
  }
  app::MainWindow window;
  app::LeadershipController *lead = nullptr;
  bool opened = false;
  bool idle = false;
};

struct Sample
{
  testutil::TempDir dir;
  std::string path = testutil::sampleProjectCopy(dir);
};

} // namespace

TEST(LeadershipGui, DocksShareOneDateWithTheMap)
{
  Sample s;
  Window w(s.path);
  ASSERT_TRUE(w.opened);
  ASSERT_TRUE(w.idle);
  ASSERT_NE(w.lead, nullptr);
  ASSERT_TRUE(w.lead->hasPlan());
  // Four docks, each with its toggle in View.
  const QList<QDockWidget *> docks = w.lead->docks();
  ASSERT_EQ(docks.size(), 4);
  const QList<QAction *> view = w.window.viewMenu()->actions();
  for (QDockWidget *d : docks) {
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(d->toggleViewAction()->isChecked()) << d->objectName().toStdString();
    EXPECT_TRUE(view.contains(d->toggleViewAction())) << d->objectName().toStdString();
  }
  EXPECT_EQ(w.lead->timeSlider()->first(),
            QDate::fromString(QString::fromStdString(w.lead->plan().startDate), Qt::ISODate));

  const auto before = statuses(*w.window.mapData());
  const QDate date(2020, 6, 30);
  w.lead->timeSlider()->setDate(date); // as the user drags or types the date
  // The map follows after its short pause, without anything else being called.
  ASSERT_TRUE(waitFor([&] { return w.window.asOf() == QStringLiteral("2020-06-30"); }));
  // The map is read on a worker; the dashboard, the village table and the charts show the same
  // date with it.
  ASSERT_TRUE(w.window.waitUntilIdle());
  EXPECT_EQ(w.window.mapData()->asOf, "2020-06-30");
  EXPECT_EQ(w.lead->villageTable()->rollup().asOf, "2020-06-30");
  EXPECT_EQ(w.lead->dashboard()->asOf(), date);
  const auto after = statuses(*w.window.mapData());
  ASSERT_EQ(before.size(), after.size());
  std::size_t differ = 0;
  for (const auto &[id, st] : after)
    differ += before.at(id) != st ? 1 : 0;
  EXPECT_GT(differ, 0u) << "no feature's status differs between today and 2020-06-30";

  // The dashboard shows what the command line says at that date.
  const QJsonObject river = statusTarget(s.path, "2020-06-30", QStringLiteral("river_remediation"));
  const layers::TargetProgress *p = w.lead->dashboard()->progress(QStringLiteral("river_remediation"));
  ASSERT_NE(p, nullptr);
  EXPECT_NEAR(p->value, river["value"].toDouble(), 1e-5);
  EXPECT_EQ(p->featuresDone, river["features_done"].toInt());
  EXPECT_EQ(w.lead->dashboard()->asOf(), date);
  // The village table (after its own pause) adds up to the same.
  ASSERT_TRUE(waitFor([&] { return w.lead->villageTable()->rollup().asOf == "2020-06-30"; }));
  int done = 0;
  for (const auto &v : w.lead->villageTable()->rollup().villages)
    for (const auto &t : v.targets)
      if (t.targetId == "river_remediation") done += t.featuresDone;
  EXPECT_LE(done, river["features_done"].toInt());
  EXPECT_GT(done, 0);

  // A replay moves everything forward in steps and ends today.
  w.lead->timeSlider()->setPlayStep(400);
  w.lead->timeSlider()->play();
  ASSERT_TRUE(waitFor([&] { return !w.lead->timeSlider()->isPlaying(); }));
  EXPECT_EQ(w.lead->timeSlider()->date(), QDate::currentDate());
  ASSERT_TRUE(waitFor([&] { return w.window.asOf().isEmpty(); }));
  ASSERT_TRUE(w.window.waitUntilIdle());
  EXPECT_EQ(statuses(*w.window.mapData()), before);

  // View ▸ Show as of date (the window's own date) moves the slider and the dashboard too.
  w.window.setAsOf(QStringLiteral("2020-09-15"));
  EXPECT_EQ(w.lead->timeSlider()->date(), QDate(2020, 9, 15));
  ASSERT_TRUE(w.window.waitUntilIdle());
  EXPECT_EQ(w.lead->dashboard()->asOf(), QDate(2020, 9, 15));
  EXPECT_EQ(w.lead->villageTable()->rollup().asOf, "2020-09-15");
}

TEST(LeadershipGui, CardsSelectTheirFeaturesAndRowsZoomToTheVillage)
{
  Sample s;
  Window w(s.path);
  ASSERT_TRUE(w.opened);
  ASSERT_TRUE(w.idle);
  w.lead->setAsOf(QDate(2020, 9, 15));
  w.lead->flushMap();
  ASSERT_TRUE(w.window.waitUntilIdle());
  const QJsonObject river = statusTarget(s.path, "2020-09-15", QStringLiteral("river_remediation"));

  const gis::Envelope full = w.window.canvas()->extent();
  w.lead->dashboard()->selectTarget(QStringLiteral("river_remediation")); // a click on the card
  ASSERT_TRUE(w.window.waitUntilIdle()); // its features as of the date come from the worker
  const auto &selection = w.window.canvas()->selection();
  EXPECT_EQ(static_cast<int>(selection.size()), river["features_total"].toInt());
  const layers::MapLayer *rivers = nullptr;
  ASSERT_NE(w.window.mapData()->feature(*selection.begin(), &rivers), nullptr);
  for (std::int64_t id : selection) {
    const layers::MapLayer *layer = nullptr;
    ASSERT_NE(w.window.mapData()->feature(id, &layer), nullptr);
    EXPECT_EQ(layer, rivers);
  }
  // The not-done list, and a double click on one zooms to it.
  QListWidget *open = w.lead->dashboard()->openList();
  ASSERT_EQ(open->count(), river["features_total"].toInt() - river["features_done"].toInt());
  ASSERT_GT(open->count(), 0);
  const qint64 first = open->item(0)->data(Qt::UserRole).toLongLong();
  emit open->itemActivated(open->item(0));
  EXPECT_EQ(w.window.canvas()->selection(), std::set<std::int64_t>{first});
  const layers::MapLayer *layer = nullptr;
  ASSERT_NE(w.window.mapData()->feature(first, &layer), nullptr);
  const gis::Envelope riverBox = layer->envelope(static_cast<std::size_t>(layer->indexOf(first)));
  EXPECT_TRUE(contains(w.window.canvas()->extent(), riverBox));

  // A village row: the view moves to contain the village, closer than the whole town.
  app::VillageTable *table = w.lead->villageTable();
  ASSERT_GT(table->tableModel()->rowCount(), 1);
  w.window.canvas()->zoomToFullExtent();
  const int row = table->tableModel()->rowCount() - 1;
  emit table->clicked(table->tableModel()->index(row, 0));
  const qint64 village = table->tableModel()->index(row, 0).data(Qt::UserRole + 2).toLongLong();
  const layers::MapLayer *villages = w.window.mapData()->layer("villages");
  ASSERT_NE(villages, nullptr);
  const gis::Envelope villageBox = villages->envelope(static_cast<std::size_t>(villages->indexOf(village)));
  const gis::Envelope now = w.window.canvas()->extent();
  EXPECT_TRUE(contains(now, villageBox));
  EXPECT_LT(now.maxX - now.minX, full.maxX - full.minX);
}

TEST(LeadershipGui, VillageThemeUsesTheVillageTableFigures)
{
  Sample s;
  Window w(s.path);
  ASSERT_TRUE(w.opened);
  ASSERT_TRUE(w.idle);
  w.lead->setAsOf(QDate(2020, 10, 1));
  ASSERT_TRUE(w.window.waitUntilIdle());
  EXPECT_EQ(w.lead->villageTable()->rollup().asOf, "2020-10-01");
  w.lead->villageThemeAction()->trigger();
  const layers::MapSettings &settings = w.window.canvas()->settings();
  EXPECT_EQ(settings.theme, layers::Theme::VillageProgress);
  ASSERT_FALSE(settings.villageShare.empty());

  // All located targets: each village's share is its done / planned over the table's columns.
  const layers::Plan &plan = w.lead->plan();
  const auto columns = layers::villageTargets(plan);
  for (const auto &v : w.lead->villageTable()->rollup().villages) {
    int done = 0, total = 0;
    for (const auto &t : v.targets)
      for (std::size_t ti : columns)
        if (plan.targets[ti].id == t.targetId) done += t.featuresDone, total += t.featuresTotal;
    if (total == 0) {
      EXPECT_FALSE(settings.villageShare.count(v.villageId)) << v.villageName;
      continue;
    }
    ASSERT_TRUE(settings.villageShare.count(v.villageId)) << v.villageName;
    EXPECT_NEAR(settings.villageShare.at(v.villageId), double(done) / total, 1e-9) << v.villageName;
  }
  // The share column of the table says the same.
  app::VillageTableModel *m = w.lead->villageTable()->tableModel();
  for (int r = 0; r < m->rowCount(); ++r) {
    const qint64 id = m->index(r, 0).data(Qt::UserRole + 2).toLongLong();
    if (settings.villageShare.count(id)) {
      EXPECT_NEAR(m->index(r, m->columnCount() - 1).data().toString().toDouble(),
                  100 * settings.villageShare.at(id), 0.051);
    }
  }

  // A card with a village column narrows it to that target; the layer tree keeps the theme.
  const QString target = QString::fromStdString(plan.targets[columns.front()].id);
  w.lead->dashboard()->selectTarget(target);
  ASSERT_TRUE(w.window.waitUntilIdle());
  EXPECT_EQ(w.lead->villageThemeTarget(), target);
  EXPECT_EQ(w.window.canvas()->settings().villageShare, w.lead->villageShares(target));
  emit w.window.layerTree()->optionsChanged(w.window.layerTree()->options()); // e.g. a layer hidden
  EXPECT_EQ(w.window.canvas()->settings().theme, layers::Theme::VillageProgress);

  // One theme at a time: water quality takes over and unchecks the village colours, and back.
  QAction *water = nullptr;
  for (QAction *a : w.window.viewMenu()->actions())
    if (a->isCheckable() && a != w.lead->villageThemeAction() && !water) water = a;
  ASSERT_NE(water, nullptr);
  water->trigger();
  EXPECT_EQ(w.window.canvas()->settings().theme, layers::Theme::WaterQuality);
  EXPECT_FALSE(w.lead->villageThemeAction()->isChecked());
  w.lead->villageThemeAction()->trigger();
  EXPECT_EQ(w.window.canvas()->settings().theme, layers::Theme::VillageProgress);
  EXPECT_FALSE(water->isChecked());

  w.lead->villageThemeAction()->trigger();
  EXPECT_EQ(w.window.canvas()->settings().theme, layers::Theme::Status);
}

TEST(LeadershipGui, ReportAndTablesAsOfTheChosenDate)
{
  Sample s;
  Window w(s.path);
  ASSERT_TRUE(w.opened);
  ASSERT_TRUE(w.idle);
  w.lead->setAsOf(QDate(2020, 9, 15));
  const std::string pdf = s.dir.file("report.pdf");
  const layers::ReportData data = w.lead->writeReport(QString::fromStdString(pdf));
  EXPECT_EQ(data.asOf, "2020-09-15");
  const auto text = testutil::run("/usr/bin/pdftotext", {pdf, "-"});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("2020-09-15"), std::string::npos);
  const layers::Plan &plan = w.lead->plan();
  const bool zh = QLocale().language() == QLocale::Chinese;
  EXPECT_NE(text.out.find("[2020]41"), std::string::npos); // the document number on the cover
  if (!zh) {
    EXPECT_NE(text.out.find(plan.titleEn.substr(0, 20)), std::string::npos) << plan.titleEn;
  }
  const layers::TargetProgress *river = data.rollup.target("river_remediation");
  ASSERT_NE(river, nullptr);
  const std::string km =
      layers::formatNumber(river->value, layers::valueDecimals(*plan.target("river_remediation")));
  EXPECT_NE(text.out.find(km), std::string::npos) << "no " << km << " in the report";
  const QJsonObject status = statusTarget(s.path, "2020-09-15", QStringLiteral("river_remediation"));
  EXPECT_NEAR(river->value, status["value"].toDouble(), 1e-5);

  const std::string csv = s.dir.file("targets.csv"), xlsx = s.dir.file("villages.xlsx");
  w.lead->exportTable(QStringLiteral("targets"), QString::fromStdString(csv));
  const std::string table = testutil::readFile(csv);
  EXPECT_EQ(table.substr(0, 3), "\xEF\xBB\xBF");
  // The river row carries the value as of the chosen date (the fifth column, as the CLI's).
  const std::size_t row = table.find("\nriver_remediation,");
  ASSERT_NE(row, std::string::npos) << table;
  std::string line = table.substr(row + 1, table.find('\n', row + 1) - row - 1);
  std::vector<std::string> fields;
  bool quoted = false;
  fields.emplace_back();
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else if (c != '\r')
      fields.back() += c;
  }
  ASSERT_GT(fields.size(), 4u) << line;
  EXPECT_NEAR(std::stod(fields[4]), status["value"].toDouble(), 1e-5) << line;
  w.lead->exportTable(QStringLiteral("villages"), QString::fromStdString(xlsx));
  EXPECT_EQ(testutil::readFile(xlsx).substr(0, 2), "PK");
  EXPECT_THROW(w.lead->exportTable(QStringLiteral("targets"), QString::fromStdString(s.dir.file("t.txt"))),
               std::exception);
  EXPECT_FALSE(std::filesystem::exists(s.dir.file("t.txt")));
}

// ---- against a real PostgreSQL (PLANMAP_PG)

namespace {

class LeadershipServerGui : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
    db = std::make_unique<testutil::PgTestDatabase>();
    auto local = data::openProject(sample.path);
    data::PostgisStore::create(db->url(), local.get());
  }
  Sample sample;
  std::unique_ptr<testutil::PgTestDatabase> db;
};

// A planned site (a point) counted by a "count" target of the plan, and that target.
std::pair<std::int64_t, QString> plannedSite(const data::Store &store, const layers::Plan &plan)
{
  for (const layers::Target &t : plan.targets) {
    std::optional<data::LayerDef> layer;
    if (t.kind == data::TargetKind::Count) layer = store.layer(t.layerId);
    if (!layer || layer->geometryType != "Point") continue;
    for (const data::Feature &f : store.features(t.layerId))
      if (f.status == data::Status::Planned && !f.code.empty()) return {f.id, QString::fromStdString(t.id)};
  }
  return {0, {}};
}

data::Event completed(std::int64_t featureId)
{
  data::Event e;
  e.featureId = featureId;
  e.kind = data::EventKind::Status;
  e.status = data::Status::Completed;
  e.date = QDate::currentDate().toString(Qt::ISODate).toStdString();
  e.note = "test";
  return e;
}

} // namespace

TEST_F(LeadershipServerGui, TakeOfflineWritesAWorkingCopyAndSyncPushesItsMarks)
{
  Window w(db->url());
  ASSERT_TRUE(w.opened);
  EXPECT_TRUE(w.lead->isServerProject());
  EXPECT_FALSE(w.lead->isFieldCopy());

  // By village.
  data::CheckoutRequest byVillage;
  byVillage.user = "engineer1";
  byVillage.village = w.window.store()->features("villages").front().name;
  byVillage.out = sample.dir.file("village.planmap");
  EXPECT_GT(w.lead->takeOffline(byVillage).features, 1u);
  EXPECT_TRUE(data::isFieldCopy(byVillage.out));
  EXPECT_TRUE(data::openProject(byVillage.out)->layer("villages"));

  // By a box around a planned site (as "current map extent" gives it).
  const std::int64_t serverSite = plannedSite(*w.window.store(), w.lead->plan()).first;
  ASSERT_NE(serverSite, 0);
  const std::string code = w.window.store()->feature(serverSite)->code;
  const gis::Point at = w.window.store()->feature(serverSite)->geometry.asPoint();
  data::CheckoutRequest req;
  req.user = "engineer1";
  req.bbox = gis::Envelope{at.x - 0.002, at.y - 0.002, at.x + 0.002, at.y + 0.002};
  req.out = sample.dir.file("field.planmap");
  const data::CheckoutResult r = w.lead->takeOffline(req);
  EXPECT_GE(r.features, 1u);
  ASSERT_TRUE(data::isFieldCopy(req.out));

  // The copy opens in the window like a project; a mark made in it reaches the server.
  ASSERT_TRUE(testutil::openAndWait(w.window, QString::fromStdString(req.out), true));
  EXPECT_TRUE(w.lead->isFieldCopy());
  EXPECT_FALSE(w.lead->isLive());
  ASSERT_TRUE(w.lead->hasPlan());
  const auto site = w.window.store()->featureByCode(code);
  ASSERT_TRUE(site);
  const data::Event mark = w.window.mutableStore()->appendEvent("engineer1", completed(site->id));

  const data::SyncResult synced = w.lead->synchronise();
  EXPECT_EQ(synced.pushedEvents, 1u);
  EXPECT_TRUE(synced.conflicts.empty());
  auto server = data::PostgisStore::open(db->url());
  const auto onServer = server->featureByCode(code);
  ASSERT_TRUE(onServer);
  EXPECT_EQ(onServer->status, data::Status::Completed);
  bool found = false;
  for (const data::Event &e : server->events(onServer->id))
    found = found || e.uuid == mark.uuid;
  EXPECT_TRUE(found);
  EXPECT_EQ(w.lead->synchronise().pushedEvents, 0u); // repeat-safe
}

TEST_F(LeadershipServerGui, AnotherClientsMarkReachesTheMapWithinTwoSeconds)
{
  Window w(db->url());
  ASSERT_TRUE(w.opened);
  ASSERT_TRUE(w.lead->isLive());
  auto other = data::PostgisStore::open(db->url());
  const auto found = plannedSite(*other, w.lead->plan());
  const std::int64_t site = found.first;
  const QString target = found.second;
  ASSERT_NE(site, 0);
  ASSERT_EQ(w.window.mapData()->feature(site)->status, data::Status::Planned);
  const int doneBefore = w.lead->dashboard()->progress(target)->featuresDone;

  other->appendEvent("engineer1", completed(site)); // committed when it returns
  QElapsedTimer t;
  t.start();
  ASSERT_TRUE(
      waitFor([&] { return w.window.mapData()->feature(site)->status == data::Status::Completed; }, 5000));
  EXPECT_LT(t.elapsed(), 2000) << "the mark took " << t.elapsed() << " ms to reach the map";
  std::printf("[ figures  ] another client's mark on this window's map after %lld ms\n",
              static_cast<long long>(t.elapsed()));
  // The dashboard counts it too, right after (no manual refresh).
  EXPECT_TRUE(
      waitFor([&] { return w.lead->dashboard()->progress(target)->featuresDone == doneBefore + 1; }, 5000));
}

// A server project opened with a password goes into File ▸ Open recent without it.
TEST_F(LeadershipServerGui, TheRecentListKeepsNoPassword)
{
  const std::string withPassword = data::connectionWithPassword(db->url(), "not-to-be-kept");
  Window w(withPassword); // the test server trusts loopback: the password is accepted and unused
  ASSERT_TRUE(w.opened);
  bool listed = false;
  for (const QString &entry : QSettings().value(QStringLiteral("recentProjects")).toStringList()) {
    EXPECT_FALSE(entry.contains(QStringLiteral("not-to-be-kept"))) << entry.toStdString();
    listed = listed || entry.toStdString() == data::connectionWithoutPassword(withPassword);
  }
  EXPECT_TRUE(listed);
}
