// POST/GET/DELETE /api/v1/session: sign in with a password, who is signed in, sign out.
#include "app/server/Api.h"
#include "app/server/Requests.h"

#include <nlohmann/json.hpp>

namespace app::server {

namespace {

constexpr const char *kCookie = "planmap_session";

nlohmann::json userJson(const data::User &u)
{
  return {{"user", u.name}, {"role", data::roleName(u.role)}, {"display_name", u.displayName}};
}

std::string cookieHeader(const Call &call, const std::string &token, std::int64_t maxAge)
{
  // Behind a TLS proxy the cookie is kept to HTTPS.
  const auto proto = call.req.find("X-Forwarded-Proto");
  const bool https = proto != call.req.end() && proto->value() == "https";
  return std::string(kCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(maxAge) + (https ? "; Secure" : "");
}

} // namespace

bool Api::loginLimited(const std::string &key)
{
  std::lock_guard lock(mLimitMutex);
  auto &times = mFailures[key];
  const auto now = std::chrono::steady_clock::now();
  while (!times.empty() && now - times.front() > std::chrono::minutes(1))
    times.pop_front();
  if (times.empty()) mFailures.erase(key);
  return mFailures.count(key) && static_cast<int>(times.size()) >= mOptions.loginFailuresPerMinute;
}

void Api::countLoginFailure(const std::string &key)
{
  std::lock_guard lock(mLimitMutex);
  // Guessing under ever new names must not grow the table without end.
  if (mFailures.size() > 100000) mFailures.clear();
  mFailures[key].push_back(std::chrono::steady_clock::now());
}

Response Api::login(Call &call)
{
  const nlohmann::json body = jsonBody(call.req);
  const std::string name = stringField(body, "user");
  const std::string password = stringField(body, "password");
  const std::string byClient = "client " + call.client;
  const std::string byUser = "user " + name.substr(0, 64);
  if (loginLimited(byClient) || loginLimited(byUser)) {
    Response res = errorResponse(call.req, 429, "too many failed sign-ins: wait a minute and try again");
    res.set(http::field::retry_after, "60");
    return res;
  }
  const auto user = mProject.withStore([&](data::Store &s) { return s.user(name); });
  const bool ok = user && password.size() <= 1024 && mProject.withAccounts([&](data::AccountStore &a) {
    return a.checkPassword(name, password);
  });
  if (!ok) {
    countLoginFailure(byClient);
    countLoginFailure(byUser);
    throw HttpError(401, "wrong user name or password");
  }
  const std::string token = mProject.withAccounts(
      [&](data::AccountStore &a) { return a.openSession(name, mOptions.sessionSeconds); });
  call.user = name;
  nlohmann::json out = userJson(*user);
  out["token"] = token;
  out["expires_in"] = mOptions.sessionSeconds;
  Response res = jsonResponse(call.req, 201, out.dump() + "\n");
  res.set(http::field::set_cookie, cookieHeader(call, token, mOptions.sessionSeconds));
  return res;
}

Response Api::logout(Call &call)
{
  std::string token = bearerToken(call.req);
  if (token.empty()) token = cookieValue(call.req, kCookie);
  requireUser(call);
  mProject.withAccounts([&](data::AccountStore &a) { a.closeSession(token); });
  Response res = jsonResponse(call.req, 200, "{\"ok\":true}\n");
  res.set(http::field::set_cookie, cookieHeader(call, "", 0));
  return res;
}

void Api::addAccountRoutes()
{
  add(http::verb::post, "/api/v1/session", [this](Call &c) { return login(c); });
  add(http::verb::delete_, "/api/v1/session", [this](Call &c) { return logout(c); });
  add(http::verb::get, "/api/v1/session", [this](Call &c) {
    requireUser(c);
    const auto user = mProject.withStore([&](data::Store &s) { return s.user(c.user); });
    if (!user) throw HttpError(401, "the session's user is gone");
    return jsonResponse(c.req, 200, userJson(*user).dump() + "\n");
  });
}

} // namespace app::server
