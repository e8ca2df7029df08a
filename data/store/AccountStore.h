#pragma once

#include "data/store/Store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace data {

class SpatiaLiteStore;
class PostgisStore;

// What a backend keeps for the accounts (schema version 4: app_password, app_session). Hashes
// only: a password as argon2id text, a session by a hash of its token.
class AccountBackend
{
public:
  virtual ~AccountBackend() = default;
  virtual std::string passwordHash(const std::string &name) const = 0; // "" = none set
  virtual void setPasswordHash(const std::string &name, const std::string &hash) = 0;
  virtual void addSession(const std::string &tokenHash, const std::string &name, std::int64_t expires) = 0;
  // The user of an unexpired session (expires > now, seconds since 1970), or none.
  virtual std::optional<std::string> sessionUser(const std::string &tokenHash, std::int64_t now) const = 0;
  virtual void deleteSession(const std::string &tokenHash) = 0;
  virtual void deleteExpiredSessions(std::int64_t now) = 0;
};
std::unique_ptr<AccountBackend> spatialiteAccounts(SpatiaLiteStore &store); // SpatiaLiteAccounts.cpp
std::unique_ptr<AccountBackend> postgisAccounts(PostgisStore &store);       // PgAccounts.cpp

// The accounts of planmap-server, kept in the project (file or server) so any instance on it
// accepts a session another made. Passwords are hashed with argon2id (libsodium); a session token
// is 256 random bits, given to the client once and stored only as its hash. Writes run in the
// store's transactions; reads go straight to the backend, so a caller on several threads
// serialises its calls (as planmap-server does for all its store calls).
class AccountStore
{
public:
  // `store` must outlive this; throws StoreError(Invalid) for a store of neither backend.
  explicit AccountStore(Store &store);
  ~AccountStore();

  // Planners set anyone's password, every other user only its own. At least 8 and at most 1024
  // bytes of UTF-8. Signs the user's open sessions out (the server side drops them).
  // Throws StoreError(Permission / UnknownUser / Invalid / Unwritable).
  void setPassword(const std::string &actor, const std::string &name, const std::string &password);
  // True when `password` is `name`'s; false for an unknown user or one without a password.
  bool checkPassword(const std::string &name, const std::string &password) const;
  // A new session of `name` for `lifetimeSeconds`; returns its token.
  std::string openSession(const std::string &name, std::int64_t lifetimeSeconds);
  // The user of the token's session while it lasts, else none.
  std::optional<std::string> sessionUser(const std::string &token) const;
  void closeSession(const std::string &token);

private:
  Store &mStore;
  std::unique_ptr<AccountBackend> mBackend;
};

} // namespace data
