// planmap-cli track and mark --photo, and role refusals of every write through the command line,
// run as a user runs them: the real binary on a real sample project.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"
#include "tests/common/TestUtil.h"

#include "data/store/Store.h"
#include "gis/Geodesic.h"
#include "gis/LinearRef.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

using testutil::runCli;

namespace {

// Every feature's state, every event and attachment, every user and measurement.
std::string contentDump(const std::string &path)
{
  auto store = data::openProject(path);
  std::ostringstream o;
  for (const auto &l : store->layers())
    for (const auto &f : store->features(l.id))
      o << f.id << '|' << f.name << '|' << data::statusName(f.status) << '|' << f.doneM << '|' << f.version
        << '|' << f.geometry.toWkt(12) << '\n';
  for (const auto &e : store->allEvents()) {
    o << e.uuid << '|' << e.featureId << '|' << data::eventKindName(e.kind) << '|' << e.date << '\n';
    for (const auto &a : store->attachments(e.uuid))
      o << "  " << a.uuid << '|' << a.fileName << '\n';
  }
  for (const auto &u : store->users())
    o << u.name << '|' << data::roleName(u.role) << '\n';
  for (const auto &m : store->measurements())
    o << m.uuid << '|' << m.targetId << '|' << m.value << '\n';
  return o.str();
}

void writeGpx(const std::string &path, const gis::LineString &points)
{
  std::ofstream out(path);
  out << "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"planmap-test\" "
         "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n";
  char buf[96];
  for (const auto &p : points) {
    std::snprintf(buf, sizeof buf, "<trkpt lat=\"%.8f\" lon=\"%.8f\"/>\n", p.y, p.x);
    out << buf;
  }
  out << "</trkseg></trk></gpx>\n";
}

class FieldCliTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    auto store = data::openProject(project);
    for (const auto &f : store->features("rivers"))
      if (f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= 800 &&
          store->events(f.id).empty()) {
        river = f;
        break;
      }
    ASSERT_GT(river.id, 0);
    for (const auto &f : store->features("toilets"))
      if (f.status == data::Status::Planned) {
        toilet = f;
        break;
      }
    ASSERT_GT(toilet.id, 0);
    // A walk along chainage 150–550 m of the river, a point every 5 m.
    const gis::LinearRef ref(river.geometry.asLineString());
    gis::LineString walk;
    for (double c = 150; c <= 550; c += 5)
      walk.push_back(ref.pointAt(c));
    gpx = dir.file("walk.gpx");
    writeGpx(gpx, walk);
  }

  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
  data::Feature river;
  data::Feature toilet;
  std::string gpx;
};

} // namespace

TEST_F(FieldCliTest, TrackPrintsProposalsAndWritesOnlyWithApply)
{
  const std::string before = contentDump(project);
  auto r = runCli({"track", project, "--user", "engineer1", gpx});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find(std::to_string(river.id)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("150.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("550.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("400.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing written"), std::string::npos) << r.out;
  EXPECT_EQ(contentDump(project), before);

  // A longer minimum than the walk proposes nothing on this river.
  r = runCli({"track", project, "--user", "engineer1", gpx, "--min-length", "500"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out.find(" " + river.code + " "), std::string::npos) << r.out;

  r = runCli({"track", project, "--user", "engineer1", gpx, "--apply", "--date", "2020-07-02"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto store = data::openProject(project);
  const auto events = store->events(river.id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, data::EventKind::Stretch);
  EXPECT_EQ(events[0].user, "engineer1");
  EXPECT_EQ(events[0].date, "2020-07-02");
  EXPECT_NEAR(*events[0].fromM, 150, 1);
  EXPECT_NEAR(*events[0].toM, 550, 1);
  EXPECT_NEAR(store->feature(river.id)->doneM, 400, 2);
}

TEST_F(FieldCliTest, TrackBadInputChangesNothing)
{
  const std::string before = contentDump(project);
  const std::string notGpx = dir.file("notes.gpx");
  std::ofstream(notGpx) << "hello\n";
  struct Case
  {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{"track", project, "--user", "engineer1", dir.file("missing.gpx"), "--apply"}, "missing.gpx"},
      {{"track", project, "--user", "engineer1", notGpx, "--apply"}, "notes.gpx"},
      {{"track", project, "--user", "engineer1", gpx, "--distance", "-3", "--apply"}, "--distance"},
      {{"track", project, "--user", "nobody", gpx, "--apply"}, "nobody"},
      {{"track", project, "--user", "leader1", gpx, "--apply"}, "leader1"},
  };
  for (const auto &c : cases) {
    auto r = runCli(c.args);
    EXPECT_NE(r.exitCode, 0) << c.mentions;
    EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(contentDump(project), before);
}

TEST_F(FieldCliTest, MarkWithPhotosStoresThemAndHistoryListsThem)
{
  const gis::Point site = toilet.geometry.asPoint();
  const std::string near =
      testutil::writeTestPhoto(dir, "near.jpg", gis::geodesicDirect(site, 10, 20), "2020:06:03 10:00:00");
  const std::string far =
      testutil::writeTestPhoto(dir, "far.jpg", gis::geodesicDirect(site, 10, 800), "2020:06:03 10:05:00");
  ASSERT_FALSE(near.empty());
  ASSERT_FALSE(far.empty());
  auto r = runCli({"mark", project, "--user", "engineer1", "--feature", std::to_string(toilet.id), "--status",
                   "in_progress", "--date", "2020-06-03", "--photo", near, "--photo", far});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("attached photo near.jpg"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: photo far.jpg was taken 800 m from"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning: photo near.jpg"), std::string::npos) << r.out;

  auto h = runCli({"history", project, "--feature", std::to_string(toilet.id), "--json"});
  ASSERT_EQ(h.exitCode, 0) << h.err;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(h.out)).object();
  const auto events = doc["events"].toArray();
  ASSERT_EQ(events.size(), 1);
  const auto photos = events[0].toObject()["attachments"].toArray();
  ASSERT_EQ(photos.size(), 2);
  EXPECT_EQ(photos[0].toObject()["file"].toString(), "near.jpg");
  EXPECT_EQ(photos[1].toObject()["file"].toString(), "far.jpg");
  auto text = runCli({"history", project, "--feature", std::to_string(toilet.id)});
  EXPECT_NE(text.out.find("2 photo(s)"), std::string::npos) << text.out;

  auto store = data::openProject(project);
  const auto stored = store->attachments(store->events(toilet.id).front().uuid);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].data, testutil::readFile(near));
  EXPECT_FALSE(stored[0].thumbnail.empty());
  ASSERT_TRUE(stored[0].position.has_value());
  EXPECT_NEAR(gis::geodesicDistance(*stored[0].position, site), 20, 0.1);
}

TEST_F(FieldCliTest, MarkWithABadPhotoWritesNothing)
{
  const std::string before = contentDump(project);
  const std::string bad = dir.file("scan.jpg");
  std::ofstream(bad) << "not a photo";
  auto r = runCli({"mark", project, "--user", "engineer1", "--feature", std::to_string(toilet.id), "--status",
                   "in_progress", "--photo", bad});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.err.find("scan.jpg"), std::string::npos) << r.err;
  EXPECT_EQ(contentDump(project), before);
}

TEST_F(FieldCliTest, EveryWriteIsRefusedForTheWrongRole)
{
  const std::string before = contentDump(project);
  const std::string photo =
      testutil::writeTestPhoto(dir, "p.jpg", toilet.geometry.asPoint(), "2020:06:03 10:00:00");
  ASSERT_FALSE(photo.empty());
  const std::string id = std::to_string(toilet.id);
  const std::string riverId = std::to_string(river.id);
  struct Case
  {
    std::vector<std::string> args;
    std::string who;
  };
  const std::vector<Case> cases = {
      {{"mark", project, "--user", "leader1", "--feature", id, "--status", "in_progress"}, "leader1"},
      {{"mark", project, "--user", "leader1", "--feature", riverId, "--status", "completed", "--from", "0",
        "--to", "100"},
       "leader1"},
      {{"mark", project, "--user", "leader1", "--feature", id, "--status", "in_progress", "--photo", photo},
       "leader1"},
      {{"track", project, "--user", "leader1", gpx, "--apply"}, "leader1"},
      {{"users", project, "add", "x1", "--role", "planner", "--user", "engineer1"}, "engineer1"},
      {{"users", project, "add", "x2", "--role", "engineer", "--user", "leader1"}, "leader1"},
      {{"measure", project, "--target", "product_spot_check_pass", "--value", "80", "--date", "2020-06-01",
        "--user", "engineer1"},
       "engineer1"},
      {{"measure", project, "--target", "product_spot_check_pass", "--value", "80", "--date", "2020-06-01",
        "--user", "leader1"},
       "leader1"},
      {{"mark", project, "--user", "ghost", "--feature", id, "--status", "in_progress"}, "ghost"},
  };
  for (const auto &c : cases) {
    auto r = runCli(c.args);
    EXPECT_NE(r.exitCode, 0) << c.args[0] << " by " << c.who << ": " << r.out;
    EXPECT_NE(r.err.find(c.who), std::string::npos) << r.err;
  }
  EXPECT_EQ(contentDump(project), before);
}
