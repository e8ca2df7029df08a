// Connection strings kept in the recent-projects list carry no password, and a server that asks for
// one says so in a way the GUI recognises (it then asks the user).
#include "data/postgis/PgConnection.h"
#include "data/store/StoreError.h"
#include "tests/data/postgis/PgTestDatabase.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <map>

using namespace data;

namespace {

std::map<std::string, std::string> parsed(const std::string &conninfo)
{
  std::map<std::string, std::string> out;
  char *err = nullptr;
  PQconninfoOption *opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  for (const PQconninfoOption *o = opts; o && o->keyword; ++o)
    if (o->val) out[o->keyword] = o->val;
  if (opts) PQconninfoFree(opts);
  return out;
}

TEST(PgConninfoTest, APasswordIsTakenOutAndEverythingElseKept)
{
  for (const std::string in :
       {"postgresql://ana:s3cr%20t@db.example:5433/pujiang?sslmode=require",
        "host=db.example port=5433 dbname=pujiang user=ana password='s3cr t' sslmode=require"}) {
    const std::string out = connectionWithoutPassword(in);
    EXPECT_EQ(out.find("s3cr"), std::string::npos) << out;
    auto want = parsed(in);
    EXPECT_EQ(want.at("password"), "s3cr t") << in;
    want.erase("password");
    EXPECT_EQ(parsed(out), want) << in << " → " << out;
    EXPECT_TRUE(isConnectionString(out)) << out;
    const std::string back = connectionWithPassword(out, "it's \\ new");
    EXPECT_EQ(parsed(back).at("password"), "it's \\ new") << back;
    EXPECT_EQ(parsed(back).at("dbname"), "pujiang") << back;
  }
}

TEST(PgConninfoTest, AStringWithoutPasswordIsKeptAsWrittenAndAnUnparsableOneNotAtAll)
{
  EXPECT_EQ(connectionWithoutPassword("postgresql://ana@db/pujiang"), "postgresql://ana@db/pujiang");
  EXPECT_EQ(connectionWithoutPassword("service=pujiang"), "service=pujiang");
  EXPECT_EQ(connectionWithoutPassword("host=db password='unterminated"), "");
}

// The test server (scripts/pg-test-server.sh) asks every role but its admin for a password.
TEST(PgConninfoTest, TheServerAskingForAPasswordIsRecognisedAndThePasswordWorks)
{
  if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
  const std::string admin = testutil::PgTestDatabase::serverUrl();
  {
    PgConnection a(admin);
    a.exec("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planmap_pwtest') THEN "
           "CREATE ROLE planmap_pwtest LOGIN; END IF; END$$");
    a.exec("ALTER ROLE planmap_pwtest PASSWORD 'pw test'");
  }
  std::map<std::string, std::string> p = parsed(admin);
  const std::string asRole =
      "host=" + p["host"] + " port=" + p["port"] + " dbname=" + p["dbname"] + " user=planmap_pwtest";
  try {
    PgConnection c(asRole);
    GTEST_SKIP() << "this server lets planmap_pwtest in without a password (started by an older "
                    "pg-test-server.sh; stop and start it again)";
  } catch (const StoreError &e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::NeedsPassword) << e.what();
  }
  try {
    PgConnection(connectionWithPassword(asRole, "wrong"));
    ADD_FAILURE() << "a wrong password was accepted";
  } catch (const StoreError &e) {
    EXPECT_NE(e.kind(), StoreError::Kind::NeedsPassword) << e.what();
  }
  PgConnection c(connectionWithPassword(asRole, "pw test"));
  EXPECT_EQ(c.sessionUser(), "planmap_pwtest");
}

} // namespace
