// The accounts of planmap-server in a project file (schema version 4).
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/AccountStore.h"

namespace data {

namespace {

class SpatiaLiteAccounts final : public AccountBackend
{
public:
  explicit SpatiaLiteAccounts(SpatiaLiteStore &store)
      : mDb(store.database())
  {
  }

  std::string passwordHash(const std::string &name) const override
  {
    Statement st = mDb.prepare("SELECT hash FROM app_password WHERE name = ?");
    st.bindText(1, name);
    return st.step() ? st.text(0) : std::string();
  }

  void setPasswordHash(const std::string &name, const std::string &hash) override
  {
    Statement st =
        mDb.prepare("INSERT INTO app_password(name, hash, set_at) VALUES(?, ?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at");
    st.bindText(1, name).bindText(2, hash).bindText(3, nowIso()).run();
    Statement out = mDb.prepare("DELETE FROM app_session WHERE user_name = ?");
    out.bindText(1, name).run();
  }

  void addSession(const std::string &tokenHash, const std::string &name, std::int64_t expires) override
  {
    Statement st = mDb.prepare("INSERT INTO app_session(token_hash, user_name, expires) VALUES(?, ?, ?)");
    st.bindText(1, tokenHash).bindText(2, name).bindInt(3, expires).run();
  }

  std::optional<std::string> sessionUser(const std::string &tokenHash, std::int64_t now) const override
  {
    Statement st = mDb.prepare("SELECT user_name FROM app_session WHERE token_hash = ? AND expires > ?");
    st.bindText(1, tokenHash).bindInt(2, now);
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }

  void deleteSession(const std::string &tokenHash) override
  {
    Statement st = mDb.prepare("DELETE FROM app_session WHERE token_hash = ?");
    st.bindText(1, tokenHash).run();
  }

  void deleteExpiredSessions(std::int64_t now) override
  {
    Statement st = mDb.prepare("DELETE FROM app_session WHERE expires <= ?");
    st.bindInt(1, now).run();
  }

private:
  Database &mDb;
};

} // namespace

std::unique_ptr<AccountBackend> spatialiteAccounts(SpatiaLiteStore &store)
{
  return std::make_unique<SpatiaLiteAccounts>(store);
}

} // namespace data
