#pragma once

#include "data/postgis/PgConnection.h"

#include <atomic>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace testutil {

// A fresh, empty database in the test cluster named by $PLANMAP_PG (scripts/pg-test-server.sh
// starts one and scripts/test.sh exports it), dropped with its group roles when the object dies.
// Tests that need it call GTEST_SKIP() when available() is false.
class PgTestDatabase
{
public:
  static std::string serverUrl()
  {
    const char *url = std::getenv("PLANMAP_PG");
    return url ? url : "";
  }
  static bool available() { return !serverUrl().empty(); }
  static constexpr const char *kSkipMessage =
      "PLANMAP_PG is not set: start a server with scripts/pg-test-server.sh start and export PLANMAP_PG "
      "(scripts/test.sh does both)";

  PgTestDatabase()
  {
    static std::atomic<int> counter{0};
    mName = "planmap_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    data::PgConnection admin(serverUrl());
    admin.exec("DROP DATABASE IF EXISTS " + data::pgIdent(mName) + " WITH (FORCE)");
    admin.exec("CREATE DATABASE " + data::pgIdent(mName));
  }
  ~PgTestDatabase()
  {
    try {
      data::PgConnection admin(serverUrl());
      admin.exec("DROP DATABASE IF EXISTS " + data::pgIdent(mName) + " WITH (FORCE)");
      for (const char *role : {"_planner", "_engineer", "_leader"})
        admin.exec("DROP ROLE IF EXISTS " + data::pgIdent(mName + role));
    } catch (const std::exception &) {
      // A leftover database in a throw-away cluster harms nothing.
    }
  }
  PgTestDatabase(const PgTestDatabase &) = delete;
  PgTestDatabase &operator=(const PgTestDatabase &) = delete;

  const std::string &name() const { return mName; }
  // The connection string of this database as the server's admin (trusted on the test server).
  std::string url() const { return urlAsWithoutPassword(""); }
  // The same as a project's login role. The test server asks project roles for a password
  // (scripts/pg-test-server.sh): the role gets the test password here, as an administrator would
  // give it one, and the string carries it. The role must exist.
  std::string urlAs(const std::string &user) const
  {
    const std::string password = "test-" + user;
    data::PgConnection admin(serverUrl());
    // Set every time (someone may have given the role another one); tests running side by side
    // may set the same role's password at once, which PostgreSQL refuses to all but one.
    for (int attempt = 0;; ++attempt) {
      try {
        admin.exec("ALTER ROLE " + data::pgIdent(user) + " PASSWORD " + data::pgLiteral(password));
        break;
      } catch (const data::PgError &) {
        if (attempt == 4) throw;
      }
    }
    return data::connectionWithPassword(urlAsWithoutPassword(user), password);
  }
  std::string urlAsWithoutPassword(const std::string &user) const
  {
    // postgresql://USER@HOST:PORT/DB?PARAMS → the same with this database (and user).
    std::string s = serverUrl();
    const std::size_t scheme = s.find("://");
    const std::size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    std::size_t slash = s.find('/', hostStart);
    const std::size_t query = s.find('?', hostStart);
    const std::string params = query == std::string::npos ? "" : s.substr(query);
    std::string authority = s.substr(hostStart, (slash == std::string::npos ? query : slash) - hostStart);
    if (!user.empty()) {
      const std::size_t at = authority.find('@');
      authority = user + "@" + (at == std::string::npos ? authority : authority.substr(at + 1));
    }
    return s.substr(0, hostStart) + authority + "/" + mName + params;
  }

private:
  std::string mName;
};

} // namespace testutil
