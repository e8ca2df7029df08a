#pragma once

#include "app/server/Http.h"
#include "app/server/Project.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace app::server {

// One request as a handler sees it.
struct Call
{
  const Request &req;
  std::string path;
  std::map<std::string, std::string> query;
  std::vector<std::string> params; // the route's {} parts, in order
  std::string user;                // the signed-in user, "" for none
  std::string client;              // the peer's address (rate limits)
};
using Handler = std::function<Response(Call &)>;

struct ApiOptions
{
  std::string webDir; // the web client's files
  std::int64_t sessionSeconds = 14 * 24 * 3600;
  int loginFailuresPerMinute = 5; // per client address and per user name
  bool publicRead = false;        // reads without signing in (a public display)
  std::string corsOrigin;         // the one other origin whose pages may call the API ("" = none)
};

// The HTTP API and the files of the web client: a table from method and path to a handler. The
// handlers reach the project only through Project.
class Api
{
public:
  Api(Project &project, ApiOptions options);

  // The response to `req` (never throws: a refusal is a 4xx with {"error"}); `user` is set to
  // the signed-in user for the log.
  Response handle(const Request &req, const std::string &client, std::string &user);
  // The signed-in user of a request (session cookie or bearer token), "" for none.
  std::string userOf(const Request &req);

private:
  struct Route
  {
    http::verb method;
    std::vector<std::string> parts; // "{}" matches one path segment
    Handler handler;
  };
  void add(http::verb method, const std::string &pattern, Handler handler);
  Response answer(const Request &req, const std::string &client, std::string &user);
  Response dispatch(Call &call);
  // Cross-origin answers for the configured origin only: its preflight, and the headers that let
  // its pages read an answer (with the session cookie).
  bool fromCorsOrigin(const Request &req) const;
  Response withCors(const Request &req, Response res) const;
  std::string requireUser(const Call &call) const; // throws HttpError(401)

  void addMapRoutes();     // ApiMap.cpp
  void addMarkRoutes();    // ApiMarks.cpp
  void addAccountRoutes(); // ApiAccounts.cpp
  void addFigureRoutes();  // ApiFigures.cpp

  // ApiAccounts.cpp
  Response login(Call &call);
  Response logout(Call &call);
  void countLoginFailure(const std::string &key);
  bool loginLimited(const std::string &key);

  // ApiMap.cpp
  Response layersList(Call &call);
  Response features(Call &call);
  Response tile(Call &call);
  Response tileJson(Call &call);

  // ApiMarks.cpp
  Response postEvent(Call &call);
  Response feature(Call &call);
  Response history(Call &call);
  Response postPhoto(Call &call);
  Response photo(Call &call, bool thumbnail);

  // ApiFigures.cpp
  Response status(Call &call);
  std::string statusDocument(const std::string &asOf, const std::string &by, const std::string &compare);
  Response staticFile(Call &call);

  Project &mProject;
  ApiOptions mOptions;
  std::vector<Route> mRoutes;
  std::mutex mLimitMutex;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> mFailures;
  std::mutex mFigureMutex;
  struct Figures
  {
    std::uint64_t generation = 0;
    std::string json;
    bool running = false; // newer ones are being computed
  };
  std::map<std::string, Figures> mFigures; // status documents by as_of/by/compare
};

// The as-of date of a request (as_of=YYYY-MM-DD), "" for every event.
std::string asOfOf(const Call &call);

} // namespace app::server
