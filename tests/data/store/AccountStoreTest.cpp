// planmap-server's accounts kept in the project, on both backends: who may set whose password,
// passwords checked against their argon2id hash, sessions by token, signed out by a new password.
#include "data/store/AccountStore.h"
#include "tests/data/store/StoreContract.h"

using namespace data;
using namespace testdata;

namespace {

class Accounts : public StoreContract
{
};

INSTANTIATE_TEST_SUITE_P(Backends, Accounts, ::testing::Values(Kind::SpatiaLite, Kind::Postgis), backendName);

} // namespace

TEST_P(Accounts, RolesDecideWhosePasswordAUserSets)
{
  AccountStore accounts(*store);
  accounts.setPassword("planner1", "engineer1", "field-work-1");
  accounts.setPassword("engineer1", "engineer1", "field-work-2");
  accounts.setPassword("leader1", "leader1", "meeting-room");
  expectRefused([&] { accounts.setPassword("engineer1", "leader1", "not-mine-1"); },
                StoreError::Kind::Permission, "only planners set another user's password");
  expectRefused([&] { accounts.setPassword("leader1", "planner1", "not-mine-1"); },
                StoreError::Kind::Permission, "leader1 (leader) may not set the password of planner1");
  expectRefused([&] { accounts.setPassword("nobody", "planner1", "not-mine-1"); },
                StoreError::Kind::UnknownUser, "nobody");
  expectRefused([&] { accounts.setPassword("planner1", "nobody", "whatever-1"); },
                StoreError::Kind::UnknownUser, "nobody");
  expectRefused([&] { accounts.setPassword("planner1", "planner1", "short"); }, StoreError::Kind::Invalid,
                "8 to 1024 bytes");

  EXPECT_TRUE(accounts.checkPassword("engineer1", "field-work-2"));
  EXPECT_FALSE(accounts.checkPassword("engineer1", "field-work-1"));
  EXPECT_TRUE(accounts.checkPassword("leader1", "meeting-room"));
  EXPECT_FALSE(accounts.checkPassword("planner1", "")); // none set: nobody signs in as planner1
  EXPECT_FALSE(accounts.checkPassword("nobody", "field-work-2"));
}

TEST_P(Accounts, SessionsLastTheirTimeAndEndWithANewPassword)
{
  AccountStore accounts(*store);
  accounts.setPassword("planner1", "engineer1", "field-work-1");
  const std::string token = accounts.openSession("engineer1", 3600);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(accounts.sessionUser(token), "engineer1");
  EXPECT_FALSE(accounts.sessionUser(token.substr(0, 63) + "0"));
  EXPECT_FALSE(accounts.sessionUser(""));
  // Another object on the same project (another server instance) accepts it too.
  EXPECT_EQ(AccountStore(*store).sessionUser(token), "engineer1");

  const std::string expired = accounts.openSession("engineer1", -1);
  EXPECT_FALSE(accounts.sessionUser(expired));

  const std::string other = accounts.openSession("engineer1", 3600);
  accounts.closeSession(other);
  EXPECT_FALSE(accounts.sessionUser(other));
  EXPECT_EQ(accounts.sessionUser(token), "engineer1");

  accounts.setPassword("engineer1", "engineer1", "field-work-3");
  EXPECT_FALSE(accounts.sessionUser(token));
}
