// planmap-cli on a PostGIS server: server init --from, every command on a connection string,
// checkout of a village and sync of the field copy.
#include "tests/common/SampleFixture.h"
#include "tests/data/postgis/PgTestDatabase.h"

#include <gtest/gtest.h>

using testutil::runCli;

namespace {

class ServerCliTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
    db = std::make_unique<testutil::PgTestDatabase>();
    sample = testutil::sampleProjectCopy(dir);
  }

  // The part of `status --json` that does not name the project.
  static std::string targetsOf(const std::string &json) { return json.substr(json.find("\"targets\"")); }

  // The first feature id of a `features --json` listing.
  static std::string firstId(const std::string &json)
  {
    const std::size_t at = json.find("{\"id\":");
    if (at == std::string::npos) return {};
    const std::size_t from = at + 6;
    return json.substr(from, json.find(',', from) - from);
  }

  testutil::TempDir dir;
  std::string sample;
  std::unique_ptr<testutil::PgTestDatabase> db;
};

} // namespace

TEST_F(ServerCliTest, ServerInitUploadsAndCommandsTakeTheConnectionString)
{
  const auto init = runCli({"server", "init", db->url(), "--from", sample});
  ASSERT_EQ(init.exitCode, 0) << init.err;
  EXPECT_NE(init.out.find("uploaded"), std::string::npos) << init.out;

  const auto local = runCli({"status", sample, "--json"});
  const auto remote = runCli({"status", db->url(), "--json"});
  ASSERT_EQ(remote.exitCode, 0) << remote.err;
  EXPECT_EQ(targetsOf(remote.out), targetsOf(local.out));

  const auto rivers = runCli({"features", db->url(), "--layer", "rivers", "--json"});
  ASSERT_EQ(rivers.exitCode, 0) << rivers.err;
  const std::string river = firstId(rivers.out);
  ASSERT_FALSE(river.empty()) << rivers.out;
  const auto mark =
      runCli({"mark", db->url(), "--user", "engineer1", "--feature", river, "--status", "completed", "--from",
              "0", "--to", "10", "--date", "2020-11-30", "--note", "server"});
  EXPECT_EQ(mark.exitCode, 0) << mark.err;
  const auto refused = runCli({"mark", db->url(), "--user", "leader1", "--feature", river, "--status",
                               "completed", "--date", "2020-11-30"});
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.err.find("leader1 (leader) may not"), std::string::npos) << refused.err;
  const auto history = runCli({"history", db->url(), "--feature", river});
  EXPECT_NE(history.out.find("server"), std::string::npos) << history.out;

  const auto again = runCli({"server", "init", db->url()});
  EXPECT_NE(again.exitCode, 0);
  EXPECT_NE(again.err.find("already holds a PlanMap project"), std::string::npos) << again.err;
  const auto bad = runCli({"server", "init", "not-a-server"});
  EXPECT_EQ(bad.exitCode, 2);
}

TEST_F(ServerCliTest, CheckoutAVillageMarkOfflineAndSync)
{
  ASSERT_EQ(runCli({"server", "init", db->url(), "--from", sample}).exitCode, 0);
  const std::string field = dir.file("field.sqlite");
  const auto co = runCli({"checkout", db->url(), "--area", "建东村", "--out", field, "--user", "engineer1"});
  ASSERT_EQ(co.exitCode, 0) << co.err;
  EXPECT_NE(co.out.find("checked out"), std::string::npos);

  const auto rivers = runCli({"features", field, "--layer", "rivers", "--json"});
  ASSERT_EQ(rivers.exitCode, 0) << rivers.err;
  const std::string river = firstId(rivers.out);
  ASSERT_FALSE(river.empty()) << "no river in 建东村: " << rivers.out;
  const auto mark = runCli({"mark", field, "--user", "engineer1", "--feature", river, "--status", "completed",
                            "--from", "0", "--to", "5", "--date", "2020-12-01", "--note", "offline"});
  ASSERT_EQ(mark.exitCode, 0) << mark.err;

  const auto sync = runCli({"sync", field});
  ASSERT_EQ(sync.exitCode, 0) << sync.err;
  EXPECT_NE(sync.out.find("pushed 1 events"), std::string::npos) << sync.out;
  const auto repeat = runCli({"sync", field});
  EXPECT_NE(repeat.out.find("pushed 0 events"), std::string::npos) << repeat.out;

  const auto both = runCli({"checkout", db->url(), "--area", "x", "--bbox", "1,2,3,4", "--out",
                            dir.file("b.sqlite"), "--user", "engineer1"});
  EXPECT_EQ(both.exitCode, 2);
  const auto notCopy = runCli({"sync", sample});
  EXPECT_NE(notCopy.exitCode, 0);
  EXPECT_NE(notCopy.err.find("not a field copy"), std::string::npos) << notCopy.err;
}
