#pragma once

// A real planmap-server started on a free loopback port, and an HTTP client (Boost.Beast) that
// talks to it, for the server's tests.

#include "tests/common/TestUtil.h"

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace testserver {

namespace http = boost::beast::http;

struct Reply
{
  int status = 0;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string &name) const
  {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request on a connection of its own.
Reply request(unsigned short port, http::verb method, const std::string &target, const std::string &body = {},
              const Headers &headers = {});
// Bytes sent as they are (for requests no client library would write), the raw reply back.
std::string rawRequest(unsigned short port, const std::string &bytes);

// Signs in through the API; returns the bearer token ("" after a test failure).
std::string signIn(unsigned short port, const std::string &user, const std::string &password);
Headers bearer(const std::string &token);
Reply postJson(unsigned short port, const std::string &target, const nlohmann::json &body,
               const std::string &token);

// planmap-server on `project`, listening on 127.0.0.1 on a port the system picks.
class ServerProcess
{
public:
  explicit ServerProcess(const std::string &project, const std::vector<std::string> &extra = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess &) = delete;
  ServerProcess &operator=(const ServerProcess &) = delete;

  bool started() const { return mPort != 0; }
  unsigned short port() const { return mPort; }
  // SIGTERM, then the exit code (-1 when it died from a signal or did not stop within 20 s).
  int stop();
  std::string log() const; // its standard output and error

private:
  testutil::TempDir mDir;
  pid_t mPid = -1;
  unsigned short mPort = 0;
};

// An open GET /api/v1/live stream.
class LiveClient
{
public:
  LiveClient(unsigned short port, const std::string &token);
  ~LiveClient();
  int status() const { return mStatus; }
  // Reads until an event whose data contains `needle` arrives (true) or 20 s pass (false).
  bool waitFor(const std::string &needle);
  const std::string &received() const { return mReceived; }

private:
  int mFd = -1;
  int mStatus = 0;
  std::string mReceived;
};

// Sets passwords straight in the project: planner1, engineer1 and leader1 all get "secret-<name>".
void setSamplePasswords(const std::string &project);

} // namespace testserver
