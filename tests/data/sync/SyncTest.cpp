// Offline field copies: checkout of an area, and sync by merge rule (events by UUID, union of
// stretches, status from all events, versioned planner edits) against a real PostgreSQL server.
#include "data/sync/Sync.h"
#include "data/postgis/PostgisStore.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace data;
using namespace testdata;

namespace {

LayerDef villagesLayer()
{
  LayerDef l;
  l.id = "villages";
  l.nameZh = "村";
  l.nameEn = "Villages";
  l.geometryType = "Polygon";
  return l;
}

// A server project with a village around origin(), two rivers and a toilet in it, and a river far
// outside it; one completed stretch recorded on the server before any checkout.
struct Server
{
  Server()
  {
    auto s = PostgisStore::create(db.url());
    s->addUser("", {"planner1", Role::Planner, ""});
    for (const char *e : {"engineer1", "engineer2"})
      s->addUser("planner1", {e, Role::Engineer, ""});
    s->addUser("planner1", {"leader1", Role::Leader, ""});
    for (const LayerDef &l : {villagesLayer(), riversLayer(), toiletsLayer()})
      s->addLayer("planner1", l);
    Feature village;
    village.layerId = "villages";
    village.code = "V-1";
    village.name = "建东村";
    village.geometry = square(gis::geodesicDirect(gis::geodesicDirect(origin(), 180, 200), 270, 200), 2000);
    s->addFeature("planner1", village);
    river1 = s->addFeature("planner1", river("HD-1", 1000));
    river2 = s->addFeature("planner1", river("HD-2", 800, 300));
    Feature far = river("HD-FAR", 500);
    far.geometry = gis::Geometry::lineString({{121.56, 31.10}, {121.565, 31.10}});
    farRiver = s->addFeature("planner1", far);
    Feature toilet;
    toilet.layerId = "toilets";
    toilet.code = "GC-1";
    toilet.geometry = gis::Geometry::point(gis::geodesicDirect(origin(), 0, 500));
    toiletId = s->addFeature("planner1", toilet);
    s->appendEvent("planner1", stretch(river1, 0, 100, "2020-05-01"));
  }
  std::unique_ptr<PostgisStore> open() const { return PostgisStore::open(db.url()); }
  std::string checkout(const testutil::TempDir &dir, const std::string &name, const std::string &user) const
  {
    CheckoutRequest req;
    req.server = db.url();
    req.user = user;
    req.village = "建东村";
    req.out = dir.file(name);
    data::checkout(req);
    return req.out;
  }

  testutil::PgTestDatabase db;
  std::int64_t river1 = 0, river2 = 0, farRiver = 0, toiletId = 0;
};

class SyncTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  }

  // Offline work of two engineers on overlapping stretches of HD-1 and on the toilet.
  static void markOffline(const std::string &copy, const std::string &user, bool first)
  {
    auto s = SpatiaLiteStore::open(copy);
    const std::int64_t river = s->featureByCode("HD-1")->id, toilet = s->featureByCode("GC-1")->id;
    if (first) {
      s->appendEvent(user, stretch(river, 50, 600, "2020-06-01"));
      s->appendEvent(user, statusEvent(toilet, Status::Completed, "2020-06-01"));
    } else {
      s->appendEvent(user, stretch(river, 400, 1000, "2020-06-02"));
      // Earlier and "less": history filled in, not a step back (that is a conflict, see below).
      s->appendEvent(user, statusEvent(toilet, Status::InProgress, "2020-05-20"));
    }
  }

  // What the server says about HD-1 and the toilet, independent of ids and UUIDs.
  static std::string outcome(const Server &srv)
  {
    auto s = srv.open();
    const Feature r = *s->feature(srv.river1), t = *s->feature(srv.toiletId);
    std::vector<std::string> events;
    for (const Event &e : s->allEvents())
      events.push_back(e.user + " " + e.date + " " + eventKindName(e.kind) + " " + statusName(e.status) +
                       " " + std::to_string(e.fromM.value_or(-1)) + "-" + std::to_string(e.toM.value_or(-1)));
    std::sort(events.begin(), events.end());
    std::string out =
        std::string(statusName(r.status)) + " " + std::to_string(r.doneM) + " " + statusName(t.status);
    for (const std::string &e : events)
      out += "\n" + e;
    return out;
  }

  testutil::TempDir dir;
};

} // namespace

TEST_F(SyncTest, CheckoutCopiesTheAreaAndWorksLikeAProject)
{
  Server srv;
  CheckoutRequest req{srv.db.url(), "engineer1", "建东村", std::nullopt, dir.file("field.sqlite")};
  const CheckoutResult r = checkout(req);
  EXPECT_EQ(r.features, 4u); // village, two rivers, toilet; not the far river
  EXPECT_EQ(r.events, 1u);
  EXPECT_TRUE(isFieldCopy(req.out));

  auto copy = openProject(req.out);
  EXPECT_EQ(copy->layers().size(), 3u);
  EXPECT_EQ(copy->users().size(), 4u);
  EXPECT_FALSE(copy->featureByCode("HD-FAR"));
  const Feature hd1 = *copy->featureByCode("HD-1");
  EXPECT_EQ(hd1.status, Status::InProgress);
  EXPECT_NEAR(hd1.doneM, 100, 0.01);
  EXPECT_EQ(hd1.geometry, srv.open()->feature(srv.river1)->geometry);
  copy->appendEvent("engineer1", stretch(hd1.id, 100, 300, "2020-06-01"));
  EXPECT_NEAR(copy->feature(hd1.id)->doneM, 300, 0.01);
  EXPECT_THROW(copy->appendEvent("leader1", stretch(hd1.id, 0, 10, "2020-06-01")), StoreError);

  // Errors name what is wrong and leave no file behind.
  req.village = "无此村";
  req.out = dir.file("none.sqlite");
  EXPECT_THROW(checkout(req), StoreError);
  EXPECT_FALSE(std::filesystem::exists(req.out));
  req.village = "建东村";
  req.user = "nobody";
  EXPECT_THROW(checkout(req), StoreError);
  EXPECT_FALSE(std::filesystem::exists(req.out));
  // A bounding box works as well.
  req.user = "engineer2";
  req.village.clear();
  req.bbox = gis::Envelope{121.55, 31.09, 121.57, 31.11};
  EXPECT_EQ(checkout(req).features, 1u);
}

TEST_F(SyncTest, TwoCopiesMergeTheSameInEitherOrder)
{
  std::string results[2];
  for (int order = 0; order < 2; ++order) {
    Server srv;
    testutil::TempDir d;
    const std::string a = srv.checkout(d, "a.sqlite", "engineer1"),
                      b = srv.checkout(d, "b.sqlite", "engineer2");
    markOffline(a, "engineer1", true);
    markOffline(b, "engineer2", false);
    const std::string &firstCopy = order == 0 ? a : b, &secondCopy = order == 0 ? b : a;
    EXPECT_EQ(synchronise(firstCopy).pushedEvents, 2u);
    const SyncResult second = synchronise(secondCopy);
    EXPECT_EQ(second.pushedEvents, 2u);
    EXPECT_EQ(second.pulledEvents, 2u);
    EXPECT_EQ(synchronise(firstCopy).pulledEvents, 2u);
    results[order] = outcome(srv);

    // Both copies now agree with the server.
    auto server = srv.open();
    for (const std::string &copy : {a, b}) {
      auto local = openProject(copy);
      const Feature mine = *local->featureByCode("HD-1");
      EXPECT_EQ(mine.status, server->feature(srv.river1)->status);
      EXPECT_NEAR(mine.doneM, server->feature(srv.river1)->doneM, 1e-6);
      EXPECT_EQ(local->featureByCode("GC-1")->status, Status::Completed);
      EXPECT_EQ(local->allEvents().size(), 5u);
    }
  }
  EXPECT_EQ(results[0], results[1]);
  // Stretches merged as a union (0–100, 50–600, 400–1000 cover the line) and the toilet's
  // "completed" stands whichever copy came first.
  EXPECT_EQ(results[0].substr(0, results[0].find('\n')).rfind("completed", 0), 0u) << results[0];
  EXPECT_NE(results[0].find(" completed\n"), std::string::npos) << results[0];
}

TEST_F(SyncTest, ASyncBrokenOffAndRepeatedLeavesNoDuplicate)
{
  Server srv;
  const std::string copy = srv.checkout(dir, "field.sqlite", "engineer1");
  {
    auto s = SpatiaLiteStore::open(copy);
    const std::int64_t river = s->featureByCode("HD-2")->id;
    for (int i = 0; i < 20; ++i) {
      const Event e = s->appendEvent("engineer1", stretch(river, i * 40.0, i * 40.0 + 30, "2020-07-01"));
      if (i % 5 == 0) {
        Attachment a;
        a.eventUuid = e.uuid;
        a.fileName = "p" + std::to_string(i) + ".jpg";
        a.data = std::string(1000, static_cast<char>(i));
        s->addAttachment("engineer1", a);
      }
    }
  }
  // A child process syncs and dies right after its events reached the server.
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    try {
      synchronise(copy, [](const std::string &step) {
        if (step == "pushed-events") _exit(42);
      });
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42);

  const SyncResult again = synchronise(copy);
  EXPECT_EQ(again.pushedEvents, 0u); // all there already
  EXPECT_EQ(again.pushedPhotos, 4u); // the photos had not been sent
  const SyncResult third = synchronise(copy);
  EXPECT_EQ(third.pushedEvents + third.pushedPhotos + third.pulledEvents + third.pulledPhotos, 0u);

  auto server = srv.open();
  std::vector<std::string> uuids = server->eventUuids({});
  const std::set<std::string> unique(uuids.begin(), uuids.end());
  EXPECT_EQ(unique.size(), uuids.size());
  EXPECT_EQ(uuids.size(), 21u);
  for (const Event &e : SpatiaLiteStore::open(copy)->allEvents())
    EXPECT_TRUE(unique.count(e.uuid)) << e.uuid;
  EXPECT_NEAR(server->feature(srv.river2)->doneM, 20 * 30.0, 0.01);
  std::size_t photos = 0;
  for (const std::string &u : uuids)
    photos += server->attachments(u).size();
  EXPECT_EQ(photos, 4u);
}

TEST_F(SyncTest, AStalePlannerEditIsAConflictNotAnOverwrite)
{
  Server srv;
  const std::string copy = srv.checkout(dir, "planner.sqlite", "planner1");
  {
    auto local = SpatiaLiteStore::open(copy);
    Feature f = *local->featureByCode("HD-1");
    f.name = "野外改名";
    local->updateFeature("planner1", f);
    Feature g = *local->featureByCode("HD-2");
    g.attributes["grade"] = std::string("III");
    local->updateFeature("planner1", g);
  }
  {
    auto server = srv.open();
    Feature f = *server->feature(srv.river1);
    f.name = "办公室改名";
    server->updateFeature("planner1", f);
    Feature t = *server->feature(srv.toiletId);
    t.name = "新公厕";
    server->updateFeature("planner1", t);
  }
  const SyncResult r = synchronise(copy);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0].code, "HD-1");
  EXPECT_EQ(r.conflicts[0].baseVersion, 1);
  EXPECT_EQ(r.conflicts[0].serverVersion, 2);
  EXPECT_EQ(r.pushedEdits, 1u);
  EXPECT_EQ(r.pulledEdits, 1u);
  auto server = srv.open();
  EXPECT_EQ(server->feature(srv.river1)->name, "办公室改名"); // not overwritten
  EXPECT_EQ(valueToString(server->feature(srv.river2)->attributes.at("grade")), "III");
  auto local = openProject(copy);
  EXPECT_EQ(local->featureByCode("GC-1")->name, "新公厕");
  EXPECT_EQ(local->featureByCode("HD-1")->name, "野外改名"); // kept for the user to resolve
  EXPECT_EQ(synchronise(copy).conflicts.size(), 1u);         // still listed until resolved
}

// The figure: sync time of a field copy with 1,000 new events and 50 photos (printed,
// not asserted; counts are).
TEST_F(SyncTest, AThousandEventsAndFiftyPhotosInOneSync)
{
  Server srv;
  const std::string copy = srv.checkout(dir, "big.sqlite", "engineer1");
  {
    auto s = SpatiaLiteStore::open(copy);
    const std::int64_t rivers[2] = {s->featureByCode("HD-1")->id, s->featureByCode("HD-2")->id};
    std::vector<Event> batch;
    for (int i = 0; i < 1000; ++i)
      batch.push_back(stretch(rivers[i % 2], (i % 50) * 15.0, (i % 50) * 15.0 + 10, "2020-09-01"));
    const std::vector<Event> stored = s->appendEvents("engineer1", batch);
    for (int i = 0; i < 50; ++i) {
      Attachment a;
      a.eventUuid = stored[static_cast<std::size_t>(i * 20)].uuid;
      a.fileName = "photo" + std::to_string(i) + ".jpg";
      a.data = std::string(200 * 1024, static_cast<char>(i)); // a 200 KB phone photo
      s->addAttachment("engineer1", a);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const SyncResult r = synchronise(copy);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ figures  ] sync of 1000 events + 50 photos (10 MB): %.2f s\n", seconds);
  EXPECT_EQ(r.pushedEvents, 1000u);
  EXPECT_EQ(r.pushedPhotos, 50u);
  EXPECT_EQ(srv.open()->allEvents().size(), 1001u);
}

// A feature a planner adds in the field copy reaches the server with its events; a sync broken
// off right after the add and repeated does not add it twice.
TEST_F(SyncTest, FeaturesCreatedInTheCopyArePushedWithTheirEvents)
{
  Server srv;
  const std::string copy = srv.checkout(dir, "new.sqlite", "planner1");
  {
    auto local = SpatiaLiteStore::open(copy);
    Feature toilet;
    toilet.layerId = "toilets";
    toilet.code = "GC-NEW";
    toilet.name = "野外新增公厕";
    toilet.geometry = gis::Geometry::point(gis::geodesicDirect(origin(), 90, 300));
    const std::int64_t id = local->addFeature("planner1", toilet);
    local->appendEvent("planner1", statusEvent(id, Status::Completed, "2020-08-01"));
    Feature plain; // no code: found again by layer, name and geometry
    plain.layerId = "toilets";
    plain.name = "无编号公厕";
    plain.geometry = gis::Geometry::point(gis::geodesicDirect(origin(), 45, 700));
    local->addFeature("planner1", plain);
  }
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    try {
      synchronise(copy, [](const std::string &step) {
        if (step == "pushed-edits") return;
        if (step == "pushed-features") _exit(42); // the features are on the server, not yet their events
      });
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 42);

  const SyncResult r = synchronise(copy);
  EXPECT_EQ(r.pushedFeatures, 0u); // added by the broken-off sync; found, not added again
  EXPECT_EQ(r.pushedEvents, 1u);
  auto server = srv.open();
  const auto added = server->featureByCode("GC-NEW");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->name, "野外新增公厕");
  EXPECT_EQ(added->status, Status::Completed);
  std::size_t plain = 0;
  for (const Feature &f : server->features("toilets"))
    plain += f.name == "无编号公厕" ? 1 : 0;
  EXPECT_EQ(plain, 1u);
  EXPECT_EQ(server->features("toilets").size(), 3u);

  // Now linked: a later mark on it in the copy goes up as well, and nothing is added again.
  {
    auto local = SpatiaLiteStore::open(copy);
    const std::int64_t id = local->featureByCode("GC-NEW")->id;
    local->appendEvent("planner1", statusEvent(id, Status::Accepted, "2020-09-01"));
  }
  const SyncResult again = synchronise(copy);
  EXPECT_EQ(again.pushedFeatures, 0u);
  EXPECT_EQ(again.pushedEvents, 1u);
  EXPECT_EQ(srv.open()->featureByCode("GC-NEW")->status, Status::Accepted);
  EXPECT_EQ(srv.open()->features("toilets").size(), 3u);
}

// A feature made in the field with a code the server already gives another feature (HD-FAR lies
// outside the checked-out village, so the copy does not know it): that one feature is refused with
// the reason, everything else goes up, and once its code is changed the next sync pushes it.
TEST_F(SyncTest, ANewFeatureWhoseCodeIsTakenOnTheServerIsRefusedAlone)
{
  Server srv;
  const std::string copy = srv.checkout(dir, "clash.sqlite", "planner1");
  std::int64_t clashId = 0;
  {
    auto local = SpatiaLiteStore::open(copy);
    ASSERT_FALSE(local->featureByCode("HD-FAR")) << "the far river is outside the copy";
    Feature clash;
    clash.layerId = "toilets";
    clash.code = "HD-FAR";
    clash.name = "编号重复的公厕";
    clash.geometry = gis::Geometry::point(gis::geodesicDirect(origin(), 90, 300));
    clashId = local->addFeature("planner1", clash);
    local->appendEvent("planner1", statusEvent(clashId, Status::Completed, "2020-08-01"));
    Feature fine;
    fine.layerId = "toilets";
    fine.code = "GC-FINE";
    fine.name = "新公厕";
    fine.geometry = gis::Geometry::point(gis::geodesicDirect(origin(), 45, 700));
    local->addFeature("planner1", fine);
    local->appendEvent("planner1", stretch(local->featureByCode("HD-1")->id, 100, 300, "2020-08-02"));
  }
  const SyncResult r = synchronise(copy);
  ASSERT_EQ(r.refused.size(), 1u);
  EXPECT_EQ(r.refused[0].localId, clashId);
  EXPECT_EQ(r.refused[0].code, "HD-FAR");
  EXPECT_NE(r.refused[0].reason.find("HD-FAR"), std::string::npos) << r.refused[0].reason;
  EXPECT_NE(r.refused[0].reason.find("already used"), std::string::npos) << r.refused[0].reason;
  EXPECT_EQ(r.pushedFeatures, 1u);
  EXPECT_EQ(r.pushedEvents, 1u) << "the stretch on HD-1 goes up; the refused toilet's event waits";
  {
    auto server = srv.open();
    EXPECT_TRUE(server->featureByCode("GC-FINE"));
    EXPECT_EQ(server->featureByCode("HD-FAR")->layerId, "rivers") << "the server's feature is untouched";
    EXPECT_EQ(server->features("toilets").size(), 2u);
  }

  // The planner gives it a free code in the copy: the next sync pushes it with its event.
  {
    auto local = SpatiaLiteStore::open(copy);
    Feature f = *local->feature(clashId);
    f.code = "GC-2";
    local->updateFeature("planner1", f);
  }
  const SyncResult again = synchronise(copy);
  EXPECT_TRUE(again.refused.empty());
  EXPECT_EQ(again.pushedFeatures, 1u);
  EXPECT_EQ(again.pushedEvents, 1u);
  const auto pushed = srv.open()->featureByCode("GC-2");
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->status, Status::Completed);
}

// The two ways out of a conflict, each leaving copy and server in agreement and the conflict gone.
TEST_F(SyncTest, ConflictsAreResolvedByKeepMineOrKeepTheirs)
{
  for (const Resolution resolution : {Resolution::KeepMine, Resolution::KeepTheirs}) {
    Server srv;
    testutil::TempDir d;
    const std::string copy = srv.checkout(d, "c.sqlite", "planner1");
    {
      auto local = SpatiaLiteStore::open(copy);
      Feature f = *local->featureByCode("HD-1");
      f.name = "野外改名";
      local->updateFeature("planner1", f);
    }
    {
      auto server = srv.open();
      Feature f = *server->feature(srv.river1);
      f.name = "办公室改名";
      server->updateFeature("planner1", f);
    }
    const SyncResult r = synchronise(copy);
    ASSERT_EQ(r.conflicts.size(), 1u);
    const ConflictSides sides = conflictSides(copy, r.conflicts[0]);
    EXPECT_EQ(sides.mine.name, "野外改名");
    EXPECT_EQ(sides.theirs.name, "办公室改名");

    resolveConflict(copy, r.conflicts[0], resolution);
    const std::string expected = resolution == Resolution::KeepMine ? "野外改名" : "办公室改名";
    EXPECT_EQ(srv.open()->feature(srv.river1)->name, expected);
    EXPECT_EQ(openProject(copy)->featureByCode("HD-1")->name, expected);
    const SyncResult after = synchronise(copy);
    EXPECT_TRUE(after.conflicts.empty());
    EXPECT_EQ(after.pushedEdits + after.pulledEdits, 0u);

    // A later edit on either side flows again without a conflict.
    {
      auto server = srv.open();
      Feature f = *server->feature(srv.river1);
      f.name = "再改";
      server->updateFeature("planner1", f);
    }
    const SyncResult later = synchronise(copy);
    EXPECT_TRUE(later.conflicts.empty());
    EXPECT_EQ(later.pulledEdits, 1u);
    EXPECT_EQ(openProject(copy)->featureByCode("HD-1")->name, "再改");
  }
}

TEST_F(SyncTest, AStatusGoingBackOfflineIsAConflictSettledEitherWay)
{
  for (const Resolution resolution : {Resolution::KeepMine, Resolution::KeepTheirs}) {
    Server srv;
    testutil::TempDir d;
    const std::string copy = srv.checkout(d, "c.sqlite", "engineer1");
    srv.open()->appendEvent("planner1", statusEvent(srv.toiletId, Status::Accepted, "2020-08-01"));
    Event back;
    {
      auto local = SpatiaLiteStore::open(copy);
      Event e = statusEvent(local->featureByCode("GC-1")->id, Status::InProgress, "2020-09-01");
      e.note = "late start";
      back = local->appendEvent("engineer1", e);
      local->appendEvent("engineer1", stretch(local->featureByCode("HD-2")->id, 0, 50, "2020-09-02"));
    }
    const SyncResult r = synchronise(copy);
    EXPECT_EQ(r.pushedEvents, 1u); // the stretch went up
    ASSERT_EQ(r.conflicts.size(), 1u);
    const SyncConflict c = r.conflicts[0];
    EXPECT_EQ(c.eventUuid, back.uuid);
    EXPECT_EQ(c.code, "GC-1");
    EXPECT_EQ(c.serverId, srv.toiletId);
    EXPECT_EQ(c.reason,
              "this copy records in_progress on 2020-09-01 but the server has it accepted since 2020-08-01");
    const auto onServer = [&] {
      const auto events = srv.open()->events(srv.toiletId);
      return std::any_of(events.begin(), events.end(), [&](const Event &e) { return e.uuid == back.uuid; });
    };
    EXPECT_FALSE(onServer());
    const SyncResult again = synchronise(copy); // still listed, still not applied
    EXPECT_EQ(again.pushedEvents, 0u);
    ASSERT_EQ(again.conflicts.size(), 1u);

    resolveConflict(copy, c, resolution);
    const SyncResult after = synchronise(copy);
    EXPECT_TRUE(after.conflicts.empty());
    const Status expected = resolution == Resolution::KeepMine ? Status::InProgress : Status::Accepted;
    EXPECT_EQ(srv.open()->feature(srv.toiletId)->status, expected);
    EXPECT_EQ(openProject(copy)->featureByCode("GC-1")->status, expected);
    EXPECT_TRUE(onServer()); // kept as history either way: applied, or withdrawn by a retraction
  }
}
