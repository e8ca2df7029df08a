// Live updates: a mark committed by one client reaches another client's change feed (LISTEN/NOTIFY).
#include "data/postgis/PgChangeFeed.h"
#include "data/postgis/PostgisStore.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

using namespace data;
using namespace testdata;

TEST(PgChangeFeedTest, AMarkByOneClientReachesAnotherWithinTwoSeconds)
{
  if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  testutil::PgTestDatabase db;
  std::int64_t riverId = 0;
  {
    auto admin = PostgisStore::create(db.url());
    admin->addUser("", {"planner1", Role::Planner, ""});
    admin->addUser("planner1", {"engineer1", Role::Engineer, ""});
    admin->addUser("planner1", {"leader1", Role::Leader, ""});
    admin->addLayer("planner1", riversLayer());
    riverId = admin->addFeature("planner1", river("HD-1", 1000));
  }
  // Declared before the feed: its listening thread may still call back while the test's locals
  // are destroyed, and the feed's destructor (which joins that thread) must run first.
  std::mutex m;
  std::condition_variable cv;
  std::vector<StoreChange> seen;
  PgChangeFeed leaderFeed(db.urlAs("leader1")); // a leader's map: read-only, still told
  PgChangeFeed subscribed(db.url());
  subscribed.subscribe([&](const StoreChange &c) {
    std::lock_guard lock(m);
    seen.push_back(c);
    cv.notify_all();
  });

  auto engineer = PostgisStore::open(db.urlAs("engineer1"));
  const Event e = engineer->appendEvent("engineer1", stretch(riverId, 0, 200, "2020-06-01"));

  std::vector<StoreChange> polled = leaderFeed.poll(2000);
  for (int i = 0; i < 5 && std::none_of(polled.begin(), polled.end(),
                                        [](const StoreChange &c) { return c.table == "progress_event"; });
       ++i) {
    const auto more = leaderFeed.poll(100);
    polled.insert(polled.end(), more.begin(), more.end());
  }
  const auto event = std::find_if(polled.begin(), polled.end(),
                                  [](const StoreChange &c) { return c.table == "progress_event"; });
  ASSERT_NE(event, polled.end());
  EXPECT_EQ(event->uuid, e.uuid);
  EXPECT_EQ(event->featureId, riverId);
  EXPECT_EQ(event->user, "engineer1");
  EXPECT_EQ(event->op, "INSERT");

  std::unique_lock lock(m);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(2), [&] {
    return std::any_of(seen.begin(), seen.end(), [&](const StoreChange &c) { return c.uuid == e.uuid; });
  }));
}
