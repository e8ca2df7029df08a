#include "app/server/Api.h"

#include "data/store/StoreError.h"

#include <nlohmann/json.hpp>

namespace app::server {

namespace {

std::vector<std::string> splitPath(const std::string &path)
{
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The HTTP status of a store's refusal: who may not (403), who is unknown (401), what is not there
// (404), what does not follow the rules (422), a stale edit (409); the rest is the server's (500).
int statusOf(const data::StoreError &e)
{
  using Kind = data::StoreError::Kind;
  switch (e.kind()) {
  case Kind::Permission:
    return 403;
  case Kind::UnknownUser:
    return 401;
  case Kind::NotFound:
    return 404;
  case Kind::Invalid:
    return 422;
  case Kind::Conflict:
    return 409;
  case Kind::Unwritable:
    return 503;
  default:
    return 500;
  }
}

} // namespace

std::string asOfOf(const Call &call)
{
  return queryDate(call.query, "as_of");
}

Api::Api(Project &project, ApiOptions options)
    : mProject(project)
    , mOptions(std::move(options))
{
  add(http::verb::get, "/healthz", [](Call &c) { return jsonResponse(c.req, 200, "{\"ok\":true}\n"); });
  addAccountRoutes();
  addMapRoutes();
  addMarkRoutes();
  addFigureRoutes();
}

void Api::add(http::verb method, const std::string &pattern, Handler handler)
{
  mRoutes.push_back({method, splitPath(pattern), std::move(handler)});
}

std::string Api::userOf(const Request &req)
{
  std::string token = bearerToken(req);
  if (token.empty()) token = cookieValue(req, "planmap_session");
  if (token.empty() || token.size() > 256) return {};
  const auto user = mProject.withAccounts([&](data::AccountStore &a) { return a.sessionUser(token); });
  return user.value_or("");
}

std::string Api::requireUser(const Call &call) const
{
  if (call.user.empty()) throw HttpError(401, "sign in first: POST /api/v1/session with user and password");
  return call.user;
}

Response Api::dispatch(Call &call)
{
  // The project's data is for its users: everything but signing in, the health check and the
  // web client's own files needs a session (reads too, unless the server is a public display).
  const bool data = call.path.starts_with("/api/") || call.path.starts_with("/tiles/");
  const bool reading = call.req.method() == http::verb::get || call.req.method() == http::verb::head;
  if (data && call.path != "/api/v1/session" && !(reading && mOptions.publicRead)) requireUser(call);
  const std::vector<std::string> parts = splitPath(call.path);
  bool pathKnown = false;
  for (const Route &r : mRoutes) {
    if (r.parts.size() != parts.size()) continue;
    std::vector<std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < parts.size() && match; ++i) {
      if (r.parts[i] == "{}")
        params.push_back(parts[i]);
      else
        match = r.parts[i] == parts[i];
    }
    if (!match) continue;
    pathKnown = true;
    const bool head = call.req.method() == http::verb::head && r.method == http::verb::get;
    if (r.method != call.req.method() && !head) continue;
    call.params = std::move(params);
    return r.handler(call);
  }
  if (pathKnown)
    throw HttpError(405, std::string(call.req.method_string()) + " is not allowed on " + call.path);
  if (call.req.method() == http::verb::get || call.req.method() == http::verb::head) return staticFile(call);
  throw HttpError(404, "no such resource: " + call.path);
}

bool Api::fromCorsOrigin(const Request &req) const
{
  const auto origin = req.find(http::field::origin);
  return !mOptions.corsOrigin.empty() && origin != req.end() && view(origin->value()) == mOptions.corsOrigin;
}

Response Api::withCors(const Request &req, Response res) const
{
  if (!fromCorsOrigin(req)) return res;
  res.set(http::field::access_control_allow_origin, mOptions.corsOrigin);
  res.set(http::field::access_control_allow_credentials, "true");
  res.set(http::field::vary, "Origin");
  if (req.method() == http::verb::options) {
    res.set(http::field::access_control_allow_methods, "GET, POST, DELETE");
    res.set(http::field::access_control_allow_headers, "Authorization, Content-Type, If-None-Match");
    res.set(http::field::access_control_max_age, "600");
  }
  return res;
}

Response Api::handle(const Request &req, const std::string &client, std::string &user)
{
  if (req.method() == http::verb::options && fromCorsOrigin(req))
    return withCors(req, makeResponse(req, 204, "", "text/plain"));
  return withCors(req, answer(req, client, user));
}

Response Api::answer(const Request &req, const std::string &client, std::string &user)
{
  try {
    Call call{req, targetPath(view(req.target())), targetQuery(view(req.target())), {}, {}, client};
    call.user = user = userOf(req);
    Response res = dispatch(call);
    user = call.user; // signing in names the user too
    if (req.method() == http::verb::head) {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    return res;
  } catch (const HttpError &e) {
    return errorResponse(req, e.status, e.what());
  } catch (const data::StoreError &e) {
    return errorResponse(req, statusOf(e), e.what());
  } catch (const nlohmann::json::exception &e) {
    return errorResponse(req, 400, std::string("the request body is not the JSON expected: ") + e.what());
  } catch (const std::exception &e) {
    return errorResponse(req, 500, e.what());
  }
}

} // namespace app::server
