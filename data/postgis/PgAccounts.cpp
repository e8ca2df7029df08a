// The accounts of planmap-server on a PostGIS project (schema version 4): the server's own login
// reads and writes them; passwords are set through planmap_set_password, which checks the caller.
#include "data/postgis/PostgisStore.h"
#include "data/store/AccountStore.h"

namespace data {

namespace {

class PgAccounts final : public AccountBackend
{
public:
  explicit PgAccounts(PostgisStore &store)
      : mDb(store.connection())
  {
  }

  std::string passwordHash(const std::string &name) const override
  {
    PgResult r = mDb.exec("SELECT hash FROM app_password WHERE name = $1", {PgParam::text(name)});
    return r.rows() ? r.text(0, 0) : std::string();
  }

  void setPasswordHash(const std::string &name, const std::string &hash) override
  {
    mDb.exec("SELECT planmap_set_password($1, $2)", {PgParam::text(name), PgParam::text(hash)});
  }

  void addSession(const std::string &tokenHash, const std::string &name, std::int64_t expires) override
  {
    mDb.exec("INSERT INTO app_session(token_hash, user_name, expires) VALUES($1, $2, $3)",
             {PgParam::text(tokenHash), PgParam::text(name), PgParam::integer(expires)});
  }

  std::optional<std::string> sessionUser(const std::string &tokenHash, std::int64_t now) const override
  {
    PgResult r = mDb.exec("SELECT user_name FROM app_session WHERE token_hash = $1 AND expires > $2",
                          {PgParam::text(tokenHash), PgParam::integer(now)});
    if (!r.rows()) return std::nullopt;
    return r.text(0, 0);
  }

  void deleteSession(const std::string &tokenHash) override
  {
    mDb.exec("DELETE FROM app_session WHERE token_hash = $1", {PgParam::text(tokenHash)});
  }

  void deleteExpiredSessions(std::int64_t now) override
  {
    mDb.exec("DELETE FROM app_session WHERE expires <= $1", {PgParam::integer(now)});
  }

private:
  PgConnection &mDb;
};

} // namespace

std::unique_ptr<AccountBackend> postgisAccounts(PostgisStore &store)
{
  return std::make_unique<PgAccounts>(store);
}

} // namespace data
