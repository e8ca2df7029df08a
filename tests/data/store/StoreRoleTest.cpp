#include "tests/data/store/StoreFixture.h"

#include <functional>

using namespace data;
using namespace testdata;

namespace {

struct Write
{
  std::string what; // words of the refusal message
  std::function<void(Store &, const std::string &actor)> run;
  bool engineerMay = false;
};

class RoleTest : public StoreTest
{
protected:
  void SetUp() override
  {
    StoreTest::SetUp();
    toiletId = addToilet("GC-1", origin());
    event = store->appendEvent("planner1", statusEvent(toiletId, Status::InProgress, "2020-03-01"));
    store->setPlan("planner1", {"p", "", "", "", "", "", "{}"},
                   {{"aqi", "air", "", "", "indicator", 75, ">=", "%", "", "{}"}});
  }

  std::vector<Write> writes()
  {
    const std::int64_t id = toiletId;
    const std::string uuid = event.uuid;
    return {
        {"change project settings", [](Store &s, const std::string &a) { s.setMeta(a, "title", "x"); }},
        {"add users",
         [](Store &s, const std::string &a) {
           s.addUser(a, {"new", Role::Leader, ""});
         }},
        {"add layers",
         [](Store &s, const std::string &a) {
           LayerDef l = roadsLayer();
           l.id = "paths";
           s.addLayer(a, l);
         }},
        {"change the plan",
         [](Store &s, const std::string &a) {
           s.setPlan(a, {"q", "", "", "", "", "", "{}"},
                     {{"aqi", "air", "", "", "indicator", 80, ">=", "%", "", "{}"}});
         }},
        {"add features",
         [](Store &s, const std::string &a) {
           Feature f;
           f.layerId = "toilets";
           f.geometry = gis::Geometry::point(origin());
           s.addFeature(a, f);
         }},
        {"add features", [](Store &s, const std::string &a) { s.addFeatures(a, {river("R1", 100)}); }},
        {"edit features",
         [id](Store &s, const std::string &a) {
           Feature f = *s.feature(id);
           f.name = "x";
           s.updateFeature(a, f);
         }},
        {"delete features", [id](Store &s, const std::string &a) { s.deleteFeature(a, id); }},
        {"record indicator measurements",
         [](Store &s, const std::string &a) {
           s.addMeasurement(a, {0, "", "aqi", 1, "2020-03-01", "", "", ""});
         }},
        {"record progress",
         [id](Store &s, const std::string &a) {
           s.appendEvent(a, statusEvent(id, Status::Completed, "2020-04-01"));
         },
         true},
        {"record progress",
         [id](Store &s, const std::string &a) {
           s.appendEvents(a, {statusEvent(id, Status::Completed, "2020-04-01")});
         },
         true},
        {"attach photos",
         [uuid](Store &s, const std::string &a) {
           Attachment att;
           att.eventUuid = uuid;
           att.fileName = "a.jpg";
           att.data = "bytes";
           s.addAttachment(a, att);
         },
         true},
    };
  }

  std::int64_t toiletId = 0;
  Event event;
};

} // namespace

TEST_F(RoleTest, LeadersMayNotWriteAnything)
{
  for (const Write &w : writes()) {
    const std::string before = snapshot(*store);
    try {
      w.run(*store, "leader1");
      ADD_FAILURE() << "leader allowed to " << w.what;
    } catch (const StoreError &e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::Permission);
      EXPECT_EQ(std::string(e.what()),
                "leader1 (leader) may not " + w.what + ": leaders have read-only access");
    }
    EXPECT_EQ(snapshot(*store), before);
  }
}

TEST_F(RoleTest, EngineersOnlyRecordProgressAndAttachPhotos)
{
  // Delete last: it would succeed for a planner only, and the engineer's events come first.
  for (const Write &w : writes()) {
    const std::string before = snapshot(*store);
    if (w.engineerMay) {
      EXPECT_NO_THROW(w.run(*store, "engineer1")) << w.what;
      EXPECT_NE(snapshot(*store), before) << w.what;
      continue;
    }
    try {
      w.run(*store, "engineer1");
      ADD_FAILURE() << "engineer allowed to " << w.what;
    } catch (const StoreError &e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::Permission);
      EXPECT_EQ(std::string(e.what()), "engineer1 (engineer) may not " + w.what +
                                           ": engineers may only record progress events and attach photos");
    }
    EXPECT_EQ(snapshot(*store), before);
  }
}

TEST_F(RoleTest, PlannersMayDoEverything)
{
  for (const Write &w : writes()) {
    if (w.what == "delete features") continue; // the toilet has progress events: kept
    const std::string before = snapshot(*store);
    EXPECT_NO_THROW(w.run(*store, "planner1")) << w.what;
    EXPECT_NE(snapshot(*store), before) << w.what;
  }
  const std::int64_t spare = addToilet("GC-2", origin());
  EXPECT_NO_THROW(store->deleteFeature("planner1", spare));
}

TEST_F(RoleTest, UnknownUsersAreNamed)
{
  for (const Write &w : writes()) {
    const std::string before = snapshot(*store);
    try {
      w.run(*store, "mallory");
      ADD_FAILURE() << "unknown user allowed to " << w.what;
    } catch (const StoreError &e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::UnknownUser);
      EXPECT_NE(std::string(e.what()).find("'mallory'"), std::string::npos) << e.what();
    }
    try {
      w.run(*store, "");
      ADD_FAILURE() << "anonymous user allowed to " << w.what;
    } catch (const StoreError &e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::UnknownUser);
    }
    EXPECT_EQ(snapshot(*store), before);
  }
}
