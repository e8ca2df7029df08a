// The planmap-cli contract of the foundation issue, run as a user runs it: the real binary on a real
// sample project.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestUtil.h"

#include "data/store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using testutil::runCli;

namespace {

QJsonObject parseJson(const std::string &text)
{
  QJsonParseError err;
  auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &err);
  EXPECT_EQ(err.error, QJsonParseError::NoError) << text.substr(0, 300);
  return doc.object();
}

QJsonObject targetById(const QJsonObject &status, const QString &id)
{
  for (const auto &t : status["targets"].toArray())
    if (t.toObject()["id"].toString() == id) return t.toObject();
  ADD_FAILURE() << "no target " << id.toStdString();
  return {};
}

// Everything a user could see change: every feature's state and every event.
std::string contentDump(const std::string &path)
{
  auto store = data::openProject(path);
  std::ostringstream o;
  for (const auto &l : store->layers())
    for (const auto &f : store->features(l.id))
      o << f.id << '|' << f.name << '|' << data::statusName(f.status) << '|' << f.doneM << '|' << f.version
        << '|' << f.geometry.toWkt(12) << '\n';
  for (const auto &e : store->allEvents())
    o << e.uuid << '|' << e.featureId << '|' << data::eventKindName(e.kind) << '|' << e.date << '\n';
  for (const auto &u : store->users())
    o << u.name << '|' << data::roleName(u.role) << '\n';
  return o.str();
}

// An untouched river (no events) long enough for a 500 m stretch.
QJsonObject untouchedRiver(const std::string &project, double minLength)
{
  auto r = runCli({"features", project, "--layer", "rivers", "--json"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  for (const auto &v : parseJson(r.out)["features"].toArray()) {
    auto f = v.toObject();
    if (f["status"].toString() == "planned" && f["done_m"].toDouble() == 0 &&
        f["length_m"].toDouble() >= minLength)
      return f;
  }
  ADD_FAILURE() << "no untouched river of " << minLength << " m";
  return {};
}

class CliTest : public ::testing::Test
{
protected:
  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
};

} // namespace

TEST_F(CliTest, SampleCommandWritesAProjectAndRefusesToOverwrite)
{
  const std::string out = dir.file("fresh.planmap");
  auto r = runCli({"sample", out});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("SYNTHETIC"), std::string::npos);
  auto again = runCli({"sample", out});
  EXPECT_NE(again.exitCode, 0);
  EXPECT_NE(again.err.find("exists"), std::string::npos);
}

TEST_F(CliTest, StatusShowsTheRiverTargetAndEveryTarget)
{
  auto r = runCli({"status", project, "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto status = parseJson(r.out);
  EXPECT_TRUE(status["synthetic"].toBool());
  auto river = targetById(status, "river_remediation");
  EXPECT_EQ(river["unit"].toString(), "km");
  EXPECT_DOUBLE_EQ(river["goal"].toDouble(), 87.1);
  EXPECT_EQ(river["rivers_total"].toInt(), 263);
  EXPECT_GT(river["value"].toDouble(), 0.0);
  EXPECT_LT(river["value"].toDouble(), 87.1);
  for (const char *key : {"id", "name_zh", "name_en", "kind", "goal", "value", "unit", "percent"})
    for (const auto &t : status["targets"].toArray())
      EXPECT_TRUE(t.toObject().contains(key)) << key;
  EXPECT_GE(status["targets"].toArray().size(), 30);

  auto text = runCli({"status", project});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("SYNTHETIC"), std::string::npos);
  EXPECT_NE(text.out.find("河道整治"), std::string::npos);
  EXPECT_NE(text.out.find("rivers done"), std::string::npos);
}

TEST_F(CliTest, MarkingFiveHundredMetresRaisesKmDoneByHalfAKilometre)
{
  auto river = untouchedRiver(project, 600);
  const std::string id = std::to_string(river["id"].toInt());
  auto before = targetById(parseJson(runCli({"status", project, "--json"}).out), "river_remediation");
  auto m = runCli({"mark", project, "--user", "engineer1", "--feature", id, "--status", "completed", "--from",
                   "50", "--to", "550", "--date", "2020-12-05", "--note", "stretch dredged"});
  ASSERT_EQ(m.exitCode, 0) << m.err;
  auto after = targetById(parseJson(runCli({"status", project, "--json"}).out), "river_remediation");
  EXPECT_NEAR(after["value"].toDouble() - before["value"].toDouble(), 0.5, 0.005);
  auto dayBefore = targetById(parseJson(runCli({"status", project, "--as-of", "2020-12-04", "--json"}).out),
                              "river_remediation");
  EXPECT_NEAR(dayBefore["value"].toDouble(), before["value"].toDouble(), 1e-9);

  auto h = runCli({"history", project, "--feature", id, "--json"});
  ASSERT_EQ(h.exitCode, 0) << h.err;
  auto events = parseJson(h.out)["events"].toArray();
  ASSERT_EQ(events.size(), 1);
  EXPECT_EQ(events[0].toObject()["user"].toString(), "engineer1");
  EXPECT_DOUBLE_EQ(events[0].toObject()["from_m"].toDouble(), 50.0);
  EXPECT_EQ(events[0].toObject()["note"].toString(), "stretch dredged");
}

TEST_F(CliTest, BadInputFailsWithOneClearLineAndChangesNothing)
{
  auto river = untouchedRiver(project, 600);
  const std::string id = std::to_string(river["id"].toInt());
  const double length = river["length_m"].toDouble();
  const std::string before = contentDump(project);

  struct Case
  {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{"mark", project, "--user", "engineer1", "--feature", "999999", "--status", "completed"}, "999999"},
      {{"mark", project, "--user", "engineer1", "--feature", id, "--status", "completed", "--from", "0",
        "--to", std::to_string(length + 100)},
       "chainage"},
      {{"mark", project, "--user", "nobody", "--feature", id, "--status", "completed"}, "nobody"},
      {{"mark", project, "--user", "leader1", "--feature", id, "--status", "completed"}, "leader1"},
      {{"mark", project, "--user", "engineer1", "--feature", id, "--status", "finished"}, "--status"},
      {{"mark", project, "--user", "engineer1", "--feature", id, "--status", "completed", "--date",
        "2020-02-30"},
       "date"},
      {{"users", project, "add", "x", "--role", "planner", "--user", "engineer1"}, "engineer1"},
  };
  for (const auto &c : cases) {
    auto r = runCli(c.args);
    EXPECT_NE(r.exitCode, 0) << c.args[0] << " " << c.mentions;
    EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(contentDump(project), before);

  // Status going backwards: accept a site, then try to set it back to in_progress.
  ASSERT_EQ(
      runCli({"mark", project, "--user", "engineer1", "--feature", id, "--status", "accepted"}).exitCode, 0);
  const std::string accepted = contentDump(project);
  auto back = runCli({"mark", project, "--user", "engineer1", "--feature", id, "--status", "in_progress"});
  EXPECT_NE(back.exitCode, 0);
  EXPECT_FALSE(back.err.empty());
  EXPECT_EQ(contentDump(project), accepted);
}

TEST_F(CliTest, AFileThatIsNotAProjectIsRefusedAndLeftAlone)
{
  const std::string text = dir.file("notes.txt");
  {
    std::ofstream(text) << "not a project\n";
  }
  for (const auto &args : std::vector<std::vector<std::string>>{{"status", text},
                                                                {"features", text, "--layer", "rivers"},
                                                                {"validate", text},
                                                                {"status", dir.file("missing.planmap")}}) {
    auto r = runCli(args);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find(args[1]), std::string::npos) << r.err;
  }
  EXPECT_EQ(testutil::readFile(text), "not a project\n");
}

TEST_F(CliTest, ValidatePassesOnTheSample)
{
  auto r = runCli({"validate", project});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("OK"), std::string::npos);
}

TEST_F(CliTest, UsersListAndAddByAPlanner)
{
  auto r = runCli({"users", project, "add", "engineer2", "--role", "engineer", "--user", "planner1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto l = runCli({"users", project, "list"});
  ASSERT_EQ(l.exitCode, 0);
  for (const char *u : {"planner1", "engineer1", "leader1", "engineer2"})
    EXPECT_NE(l.out.find(u), std::string::npos) << u;
}

TEST_F(CliTest, StatusByVillageSumsToTheTownTotals)
{
  auto r = runCli({"status", project, "--by", "village", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto status = parseJson(r.out);
  auto villages = status["villages"].toArray();
  ASSERT_GE(villages.size(), 15);
  double riverKm = 0;
  for (const auto &v : villages)
    for (const auto &t : v.toObject()["targets"].toArray())
      if (t.toObject()["id"].toString() == "river_remediation") riverKm += t.toObject()["value"].toDouble();
  // Each printed value is rounded to 1e-6 km, so the sum may differ by half of that per village.
  EXPECT_NEAR(riverKm, targetById(status, "river_remediation")["value"].toDouble(), 1e-6 * villages.size());
}

TEST_F(CliTest, OgrinfoListsTheProjectLayersByTheirIds)
{
  auto r = testutil::run("/usr/bin/ogrinfo", {"-ro", "-q", project});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const char *layer : {"boundary", "villages", "roads", "water", "rivers", "toilets", "waste_rooms",
                            "forest_plots", "elder_care", "beautiful_villages"})
    EXPECT_NE(r.out.find(std::string(": ") + layer + " "), std::string::npos) << layer << "\n" << r.out;
}
