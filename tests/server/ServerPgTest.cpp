// Two planmap-server instances on one PostgreSQL project (PLANMAP_PG): a session made by one is
// accepted by the other, and a mark through one reaches the live stream of the other.
#include "data/postgis/PostgisStore.h"
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/server/ServerFixture.h"

#include <gtest/gtest.h>

using namespace testserver;

TEST(ServerPostgis, TwoInstancesShareSessionsAndLiveChanges)
{
  if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  testutil::TempDir dir;
  testutil::PgTestDatabase db;
  {
    auto local = data::openProject(testutil::sampleProjectCopy(dir));
    data::PostgisStore::create(db.url(), local.get());
  }
  setSamplePasswords(db.url());
  ServerProcess a(db.url()), b(db.url());
  ASSERT_TRUE(a.started()) << a.log();
  ASSERT_TRUE(b.started()) << b.log();

  const std::string engineer = signIn(a.port(), "engineer1", "secret-engineer1");
  const std::string leader = signIn(b.port(), "leader1", "secret-leader1");
  // Each instance accepts the other's session.
  EXPECT_EQ(request(b.port(), http::verb::get, "/api/v1/session", {}, bearer(engineer)).json()["user"],
            "engineer1");
  LiveClient live(b.port(), leader);
  ASSERT_EQ(live.status(), 200) << live.received();

  const auto fc =
      request(b.port(), http::verb::get, "/api/v1/layers/toilets/features", {}, bearer(leader)).json();
  std::int64_t site = 0;
  for (const auto &f : fc["features"])
    if (f["properties"]["status"] == "planned") site = f["id"];
  ASSERT_GT(site, 0);
  const Reply mark =
      postJson(a.port(), "/api/v1/events", {{"feature", site}, {"status", "in_progress"}}, engineer);
  ASSERT_EQ(mark.status, 201) << mark.body;
  EXPECT_TRUE(live.waitFor(mark.json()["uuid"].get<std::string>())) << live.received();
  // Its photo through the other instance, found there by the event's UUID.
  const std::string jpg =
      testutil::writeTestPhoto(dir, "p.jpg", gis::Point{121.5, 31.05}, "2020:06:01 10:00:00");
  Headers h = bearer(engineer);
  h.push_back({"Content-Type", "image/jpeg"});
  const Reply photo = request(b.port(), http::verb::post,
                              "/api/v1/events/" + mark.json()["uuid"].get<std::string>() + "/photos",
                              testutil::readFile(jpg), h);
  EXPECT_EQ(photo.status, 201) << photo.body;
  EXPECT_EQ(postJson(b.port(), "/api/v1/events", {{"feature", site}, {"status", "completed"}}, leader).status,
            403);

  // The other instance's map has the new state (its cache followed the notification).
  const auto after =
      request(b.port(), http::verb::get, "/api/v1/features/" + std::to_string(site), {}, bearer(leader))
          .json();
  EXPECT_EQ(after["feature"]["status"], "in_progress");
  const auto map =
      request(b.port(), http::verb::get, "/api/v1/layers/toilets/features", {}, bearer(leader)).json();
  for (const auto &f : map["features"])
    if (f["id"] == site) {
      EXPECT_EQ(f["properties"]["status"], "in_progress");
    }
  EXPECT_EQ(a.stop(), 0) << a.log();
  EXPECT_EQ(b.stop(), 0) << b.log();
}
