// planmap-server on a copy of the sample project file: started as a real program, spoken to over
// loopback HTTP.
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"
#include "tests/server/ServerFixture.h"

#include <protozero/pbf_reader.hpp>

#include <gtest/gtest.h>

#include <random>

using namespace testserver;

namespace {

class ServerFile : public ::testing::Test
{
protected:
  void SetUp() override
  {
    project = testutil::sampleProjectCopy(dir);
    setSamplePasswords(project);
    server = std::make_unique<ServerProcess>(project);
    ASSERT_TRUE(server->started()) << server->log();
    port = server->port();
  }
  void TearDown() override
  {
    if (server && server->started()) {
      EXPECT_EQ(server->stop(), 0) << server->log();
      EXPECT_NE(server->log().find("planmap-server: stopped"), std::string::npos);
    }
  }
  Reply get(const std::string &target, const std::string &token, const Headers &extra = {})
  {
    Headers h = bearer(token);
    h.insert(h.end(), extra.begin(), extra.end());
    return request(port, http::verb::get, target, {}, h);
  }
  // A planned river and its length, from the API.
  std::pair<std::int64_t, double> plannedRiver(const std::string &token)
  {
    const auto fc = get("/api/v1/layers/rivers/features", token).json();
    for (const auto &f : fc["features"])
      if (f["properties"]["status"] == "planned")
        return {f["properties"]["id"].get<std::int64_t>(), f["properties"]["length_m"].get<double>()};
    ADD_FAILURE() << "no planned river";
    return {0, 0};
  }

  testutil::TempDir dir;
  std::string project;
  std::unique_ptr<ServerProcess> server;
  unsigned short port = 0;
};

std::string newUuid()
{
  std::mt19937_64 rng(std::random_device{}());
  char buf[40];
  const auto a = rng(), b = rng();
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", unsigned(a >> 32),
                unsigned(a >> 16) & 0xffff, unsigned(a) & 0xfff, unsigned(b >> 48) & 0xfff,
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

// The layers of a vector tile and how many features each has.
std::map<std::string, int> tileLayers(const std::string &mvt)
{
  std::map<std::string, int> out;
  protozero::pbf_reader tile(mvt);
  while (tile.next(3)) {
    protozero::pbf_reader layer = tile.get_message();
    std::string name;
    int features = 0;
    while (layer.next()) {
      if (layer.tag() == 1)
        name = layer.get_string();
      else if (layer.tag() == 2) {
        layer.skip();
        ++features;
      } else
        layer.skip();
    }
    out[name] = features;
  }
  return out;
}

} // namespace

TEST_F(ServerFile, HealthSignInAndRefusalsAreOneLineJson)
{
  EXPECT_EQ(request(port, http::verb::get, "/healthz").status, 200);
  const Reply anonymous = request(port, http::verb::get, "/api/v1/layers");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.json()["error"].get<std::string>().find("sign in"), std::string::npos);
  EXPECT_EQ(anonymous.body.find('\n'), anonymous.body.size() - 1);

  const Reply bad = request(port, http::verb::post, "/api/v1/session",
                            "{\"user\":", {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  const Reply wrongType =
      request(port, http::verb::post, "/api/v1/session", "user=x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(wrongType.status, 415);
  EXPECT_EQ(request(port, http::verb::get, "/no/such/thing").status, 404);
  EXPECT_EQ(request(port, http::verb::put, "/api/v1/session").status, 405);

  const Reply ok =
      request(port, http::verb::post, "/api/v1/session", R"({"user":"leader1","password":"secret-leader1"})",
              {{"Content-Type", "application/json"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string cookie = ok.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string token = ok.json()["token"];
  EXPECT_EQ(ok.json()["role"], "leader");
  // The cookie signs in as the bearer token does.
  const Reply me =
      request(port, http::verb::get, "/api/v1/session", {}, {{"Cookie", "planmap_session=" + token}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["user"], "leader1");
  EXPECT_EQ(request(port, http::verb::delete_, "/api/v1/session", {}, bearer(token)).status, 200);
  EXPECT_EQ(get("/api/v1/layers", token).status, 401);

  // Wrong passwords: refused, then refused without even looking once the limit is reached.
  int limited = 0;
  for (int i = 0; i < 7; ++i)
    limited +=
        request(port, http::verb::post, "/api/v1/session", R"({"user":"planner1","password":"guess-guess"})",
                {{"Content-Type", "application/json"}})
            .status == 429;
  EXPECT_EQ(limited, 2);

  // Limits: a body over the limit, a header over the limit, garbage.
  const std::string big(300 * 1024, 'x');
  EXPECT_NE(rawRequest(port, "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Content-Length: " +
                                 std::to_string(big.size()) + "\r\n\r\n" + big)
                .find(" 413 "),
            std::string::npos);
  EXPECT_NE(
      rawRequest(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'y') + "\r\n\r\n")
          .find(" 431 "),
      std::string::npos);
  EXPECT_NE(rawRequest(port, "NOT HTTP AT ALL\r\n\r\n").find(" 400 "), std::string::npos);
  // Every request left its log line: method, path, status, time, user.
  EXPECT_NE(server->log().find("GET /api/v1/session 200 "), std::string::npos);
  EXPECT_NE(server->log().find("ms leader1"), std::string::npos);
}

TEST_F(ServerFile, LayersFeaturesAndTilesFromTheMap)
{
  const std::string token = signIn(port, "leader1", "secret-leader1");
  const auto layers = get("/api/v1/layers", token).json();
  int rivers = 0;
  for (const auto &l : layers["layers"])
    if (l["id"] == "rivers") rivers = l["features"];
  EXPECT_EQ(rivers, 263);

  const auto all = get("/api/v1/layers/rivers/features", token).json();
  ASSERT_EQ(all["features"].size(), 263u);
  const auto &first = all["features"][0];
  EXPECT_EQ(first["geometry"]["type"], "LineString");
  EXPECT_GT(first["properties"]["length_m"].get<double>(), 0);
  const double lon = first["geometry"]["coordinates"][0][0], lat = first["geometry"]["coordinates"][0][1];
  EXPECT_NEAR(lon, 121.5, 0.1); // WGS84 lon/lat, not a projected CRS
  EXPECT_NEAR(lat, 31.05, 0.1);
  char box[128];
  std::snprintf(box, sizeof box, "%.6f,%.6f,%.6f,%.6f", lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002);
  const auto near = get(std::string("/api/v1/layers/rivers/features?bbox=") + box, token).json();
  EXPECT_GE(near["features"].size(), 1u);
  EXPECT_LT(near["features"].size(), 263u);
  EXPECT_EQ(get("/api/v1/layers/rivers/features?bbox=1,2,3", token).status, 400);
  EXPECT_EQ(get("/api/v1/layers/nope/features", token).status, 404);
  EXPECT_EQ(get("/api/v1/layers/rivers/features?as_of=2020-13-01", token).status, 400);
  // Before the plan started nothing was done yet.
  const auto before = get("/api/v1/layers/rivers/features?as_of=2020-01-01", token).json();
  for (const auto &f : before["features"])
    EXPECT_EQ(f["properties"]["status"], "planned");

  // The tile under that river (web mercator z14), with every layer.
  const int z = 14, n = 1 << z;
  const int x = static_cast<int>((lon + 180) / 360 * n);
  const double r = lat * M_PI / 180;
  const int y = static_cast<int>((1 - std::asinh(std::tan(r)) / M_PI) / 2 * n);
  const std::string target = "/tiles/all/14/" + std::to_string(x) + "/" + std::to_string(y) + ".mvt";
  const Reply t = get(target, token);
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.header("content-type"), "application/vnd.mapbox-vector-tile");
  EXPECT_GE(tileLayers(t.body)["rivers"], 1);
  const std::string etag = t.header("etag");
  EXPECT_FALSE(etag.empty());
  EXPECT_NE(t.header("cache-control").find("max-age"), std::string::npos);
  EXPECT_EQ(get(target, token, {{"If-None-Match", etag}}).status, 304);
  const Reply zipped = get(target, token, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_LT(zipped.body.size(), t.body.size());
  EXPECT_EQ(get("/tiles/rivers/14/0/0.mvt", token).status, 204); // far from the town: empty
  EXPECT_EQ(get("/tiles/rivers/99/0/0.mvt", token).status, 400);
  EXPECT_EQ(get("/tiles/rivers/2/5/0.mvt", token).status, 400);
  const auto tj = get("/tiles/rivers.json", token).json();
  EXPECT_EQ(tj["tilejson"], "3.0.0");
  EXPECT_NE(tj["tiles"][0].get<std::string>().find("/tiles/rivers/{z}/{x}/{y}.mvt"), std::string::npos);
}

TEST_F(ServerFile, MarksFollowTheStoresRulesAndReachTheLiveStream)
{
  const std::string engineer = signIn(port, "engineer1", "secret-engineer1");
  const std::string leader = signIn(port, "leader1", "secret-leader1");
  const auto [river, length] = plannedRiver(engineer);
  ASSERT_GT(river, 0);
  LiveClient live(port, leader);
  ASSERT_EQ(live.status(), 200) << live.received();
  EXPECT_EQ(LiveClient(port, "no-such-token").status(), 401);

  const std::string uuid = newUuid();
  const nlohmann::json mark{{"feature", river}, {"status", "completed"}, {"from_m", 0},
                            {"to_m", 40},       {"uuid", uuid},          {"note", "walked"}};
  const Reply first = postJson(port, "/api/v1/events", mark, engineer);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["uuid"], uuid);
  EXPECT_EQ(first.json()["feature_state"]["status"], "in_progress");
  EXPECT_NEAR(first.json()["feature_state"]["done_m"].get<double>(), 40, 0.01);
  const Reply again = postJson(port, "/api/v1/events", mark, engineer);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["recorded_at"], first.json()["recorded_at"]);

  const Reply byLeader =
      postJson(port, "/api/v1/events", {{"feature", river}, {"status", "completed"}}, leader);
  EXPECT_EQ(byLeader.status, 403);
  EXPECT_NE(byLeader.json()["error"].get<std::string>().find("leaders have read-only access"),
            std::string::npos);
  const Reply outside = postJson(
      port, "/api/v1/events",
      {{"feature", river}, {"status", "completed"}, {"from_m", 0}, {"to_m", length + 500}}, engineer);
  EXPECT_EQ(outside.status, 422);
  EXPECT_NE(outside.json()["error"].get<std::string>().find("is outside the line"), std::string::npos);
  EXPECT_EQ(postJson(port, "/api/v1/events", mark, "").status, 401);
  EXPECT_EQ(postJson(port, "/api/v1/events", {{"feature", river}, {"status", "done"}}, engineer).status, 400);

  EXPECT_TRUE(live.waitFor(uuid)) << live.received();
  EXPECT_NE(live.received().find("\"feature\":" + std::to_string(river)), std::string::npos);

  const auto history = get("/api/v1/features/" + std::to_string(river) + "/history", leader).json();
  ASSERT_EQ(history["events"].size(), 1u); // the retry stored nothing
  EXPECT_EQ(history["events"][0]["uuid"], uuid);
  EXPECT_EQ(history["events"][0]["entered_by"], "engineer1");
  const auto now = get("/api/v1/features/" + std::to_string(river), leader).json();
  EXPECT_EQ(now["feature"]["status"], "in_progress");
  const auto before = get("/api/v1/features/" + std::to_string(river) + "?as_of=2020-06-01", leader).json();
  EXPECT_EQ(before["feature"]["status"], "planned");
  // The map served afterwards shows the stretch.
  const auto fc = get("/api/v1/layers/rivers/features", leader).json();
  for (const auto &f : fc["features"])
    if (f["id"] == river) {
      EXPECT_EQ(f["properties"]["status"], "in_progress");
      EXPECT_TRUE(f["properties"].contains("done"));
    }

  // A photo of the mark, with its position read from EXIF.
  const std::string jpg =
      testutil::writeTestPhoto(dir, "p.jpg", gis::Point{121.5, 31.05}, "2020:06:01 10:00:00");
  Headers h = bearer(engineer);
  h.push_back({"Content-Type", "image/jpeg"});
  const Reply photo = request(port, http::verb::post, "/api/v1/events/" + uuid + "/photos?name=p.jpg",
                              testutil::readFile(jpg), h);
  ASSERT_EQ(photo.status, 201) << photo.body;
  EXPECT_NEAR(photo.json()["position"][0].get<double>(), 121.5, 1e-4);
  const Reply thumb = get(photo.json()["thumbnail_url"], leader);
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.body.substr(0, 2), "\xff\xd8");
  EXPECT_EQ(get(photo.json()["url"], leader).body, testutil::readFile(jpg));
}

TEST_F(ServerFile, StatusIsWhatTheCliPrints)
{
  const std::string token = signIn(port, "leader1", "secret-leader1");
  const Reply status = get("/api/v1/status?as_of=2020-09-30&by=village", token);
  ASSERT_EQ(status.status, 200) << status.body;
  const auto cli =
      testutil::runCli({"status", project, "--as-of", "2020-09-30", "--by", "village", "--json"});
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  EXPECT_EQ(status.body, cli.out);
  const Reply units = get("/api/v1/status?as_of=2020-09-30&by=unit&compare=2020-06-30", token);
  const auto cliUnits = testutil::runCli(
      {"status", project, "--as-of", "2020-09-30", "--by", "unit", "--compare", "2020-06-30", "--json"});
  EXPECT_EQ(units.body, cliUnits.out);
  EXPECT_EQ(get("/api/v1/status?as_of=someday", token).status, 400);
  EXPECT_EQ(get("/api/v1/status?by=street", token).status, 400);
  EXPECT_EQ(get("/api/v1/status?as_of=2020-06-30&compare=2020-09-30", token).status, 400);
  const auto plan = get("/api/v1/plan", token).json();
  EXPECT_EQ(plan["plan"], "pujiang-2020");
  EXPECT_EQ(plan["targets"].size(), status.json()["targets"].size());
  EXPECT_TRUE(plan["targets"][0].contains("milestones"));
}

TEST(ServerCors, OnlyTheConfiguredOriginGetsCrossOriginAnswers)
{
  testutil::TempDir dir;
  const std::string project = testutil::sampleProjectCopy(dir);
  ServerProcess plain(project), open(project, {"--cors", "https://map.example"});
  ASSERT_TRUE(plain.started() && open.started()) << plain.log() << open.log();
  const Headers origin{{"Origin", "https://map.example"}};
  EXPECT_EQ(
      request(plain.port(), http::verb::get, "/healthz", {}, origin).header("access-control-allow-origin"),
      "");
  const Reply preflight =
      request(open.port(), http::verb::options, "/api/v1/events", {},
              {{"Origin", "https://map.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_NE(preflight.header("access-control-allow-headers").find("Authorization"), std::string::npos);
  const Reply get = request(open.port(), http::verb::get, "/healthz", {}, origin);
  EXPECT_EQ(get.header("access-control-allow-origin"), "https://map.example");
  EXPECT_EQ(get.header("access-control-allow-credentials"), "true");
  EXPECT_EQ(request(open.port(), http::verb::get, "/healthz", {}, {{"Origin", "https://evil.example"}})
                .header("access-control-allow-origin"),
            "");
  EXPECT_EQ(plain.stop(), 0);
  EXPECT_EQ(open.stop(), 0);
}
