#include "data/store/AccountStore.h"

#include "data/postgis/PostgisStore.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "data/store/Text.h"

#include <sodium.h>

#include <chrono>
#include <stdexcept>

namespace data {

namespace {

using Kind = StoreError::Kind;

void initSodium()
{
  static const int ok = sodium_init();
  if (ok < 0) throw StoreError(Kind::Database, "libsodium could not be initialised");
}

std::int64_t nowSeconds()
{
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string hex(const unsigned char *bytes, std::size_t n)
{
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

// Tokens are random, so one fast hash suffices (no salt, no stretching).
std::string tokenHash(const std::string &token)
{
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char *>(token.data()), token.size(),
                     nullptr, 0);
  return hex(h, sizeof h);
}

} // namespace

AccountStore::AccountStore(Store &store)
    : mStore(store)
{
  initSodium();
  if (auto *file = dynamic_cast<SpatiaLiteStore *>(&store))
    mBackend = spatialiteAccounts(*file);
  else if (auto *server = dynamic_cast<PostgisStore *>(&store))
    mBackend = postgisAccounts(*server);
  else
    throw StoreError(Kind::Invalid, "this project store keeps no accounts");
}

AccountStore::~AccountStore() = default;

void AccountStore::setPassword(const std::string &actor, const std::string &name, const std::string &password)
{
  const User who = mStore.requireRole(actor, {Role::Planner, Role::Engineer, Role::Leader}, "set a password");
  if (!mStore.user(name))
    throw StoreError(Kind::UnknownUser, "unknown user '" + oneLine(name) + "': the project has no such user");
  if (who.name != name && who.role != Role::Planner)
    throw StoreError(Kind::Permission, who.name + " (" + roleName(who.role) +
                                           ") may not set the password of " + name +
                                           ": only planners set another user's password");
  requireUtf8("the password of " + name, "the password", password);
  if (password.size() < 8 || password.size() > 1024)
    throw StoreError(Kind::Invalid, "the password of " + name + " must have 8 to 1024 bytes, it has " +
                                        std::to_string(password.size()));
  if (const std::string why = mStore.readOnlyReason(); !why.empty()) throw StoreError(Kind::Unwritable, why);
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw StoreError(Kind::Database, "out of memory while hashing the password of " + name);
  mStore.transaction([&] { mBackend->setPasswordHash(name, hash); });
}

bool AccountStore::checkPassword(const std::string &name, const std::string &password) const
{
  const std::string hash = mBackend->passwordHash(name);
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string AccountStore::openSession(const std::string &name, std::int64_t lifetimeSeconds)
{
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  const std::string token = hex(bytes, sizeof bytes);
  const std::int64_t now = nowSeconds();
  mStore.transaction([&] {
    mBackend->deleteExpiredSessions(now);
    mBackend->addSession(tokenHash(token), name, now + lifetimeSeconds);
  });
  return token;
}

std::optional<std::string> AccountStore::sessionUser(const std::string &token) const
{
  if (token.empty()) return std::nullopt;
  return mBackend->sessionUser(tokenHash(token), nowSeconds());
}

void AccountStore::closeSession(const std::string &token)
{
  mStore.transaction([&] { mBackend->deleteSession(tokenHash(token)); });
}

} // namespace data
