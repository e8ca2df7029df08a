// Load on a running planmap-server: READERS threads ask for status, features and tiles, WRITERS
// threads post marks (river stretches, every fifth with a photo), for SECONDS; then every accepted
// mark is looked up in its river's history (it must be there exactly once). Prints latency figures
// per kind and the error count; exits 1 when a request failed other than by an intended 4xx or a
// mark is missing or doubled. Not a test (scripts/load.sh runs it).
//   server_load PORT[,PORT2] PASSWORD_PREFIX PHOTO.jpg [READERS=200 WRITERS=20 SECONDS=60]
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats
{
  std::mutex mutex;
  std::map<std::string, std::vector<double>> ms; // per kind
  std::atomic<long> errors{0}, refused{0};
  std::vector<std::pair<std::int64_t, std::string>> marks; // (river, uuid) accepted
  std::vector<std::string> samples;                        // the first errors, for the report
  void add(const std::string &kind, double v)
  {
    std::lock_guard lock(mutex);
    ms[kind].push_back(v);
  }
};

// One keep-alive connection.
class Client
{
public:
  explicit Client(unsigned short port)
      : mPort(port)
      , mStream(mIoc)
  {
    connect();
  }
  http::response<http::string_body> send(http::verb verb, const std::string &target, const std::string &token,
                                         const std::string &body = {}, const std::string &type = {})
  {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (target.rfind("/tiles/", 0) == 0) req.set(http::field::accept_encoding, "gzip"); // as browsers do
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!type.empty()) req.set(http::field::content_type, type);
    req.body() = body;
    req.prepare_payload();
    for (int attempt = 0;; ++attempt) {
      try {
        http::write(mStream, req);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 << 20);
        http::read(mStream, mBuffer, parser);
        auto res = parser.release();
        if (!res.keep_alive()) connect();
        return res;
      } catch (const std::exception &) {
        if (attempt > 0) throw;
        connect(); // the server closed an idle connection
      }
    }
  }

private:
  void connect()
  {
    beast::error_code ec;
    mStream.socket().close(ec);
    mStream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), mPort));
    mBuffer.clear();
  }
  unsigned short mPort;
  asio::io_context mIoc;
  beast::tcp_stream mStream;
  beast::flat_buffer mBuffer;
};

std::string signIn(unsigned short port, const std::string &user, const std::string &password)
{
  Client c(port);
  auto r = c.send(http::verb::post, "/api/v1/session", "",
                  nlohmann::json{{"user", user}, {"password", password}}.dump(), "application/json");
  if (r.result_int() != 201) throw std::runtime_error("sign-in of " + user + ": " + r.body());
  return nlohmann::json::parse(r.body())["token"];
}

double since(Clock::time_point t0)
{
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void reader(unsigned short port, const std::string &token, Clock::time_point end, int seed, Stats &stats)
{
  Client c(port);
  std::mt19937 rng(seed);
  // Tiles over the sample town at z12-z16.
  const double lon0 = 121.47, lon1 = 121.56, lat0 = 31.0, lat1 = 31.12;
  while (Clock::now() < end) {
    const int pick = rng() % 10;
    std::string kind, target;
    if (pick < 2) {
      kind = "status";
      target = "/api/v1/status";
    } else if (pick < 4) {
      kind = "features";
      target = "/api/v1/layers/toilets/features";
    } else {
      kind = "tile";
      const int z = 12 + rng() % 5, n = 1 << z;
      const double lon = lon0 + (lon1 - lon0) * (rng() % 1000) / 1000.0;
      const double lat = (lat0 + (lat1 - lat0) * (rng() % 1000) / 1000.0) * M_PI / 180;
      const int x = static_cast<int>((lon + 180) / 360 * n);
      const int y = static_cast<int>((1 - std::asinh(std::tan(lat)) / M_PI) / 2 * n);
      target = "/tiles/all/" + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y) + ".mvt";
    }
    const auto t0 = Clock::now();
    try {
      const auto r = c.send(http::verb::get, target, token);
      if (r.result_int() != 200 && r.result_int() != 204) ++stats.errors;
    } catch (const std::exception &) {
      ++stats.errors;
    }
    stats.add(kind, since(t0));
  }
}

void writer(unsigned short port, const std::string &token,
            const std::vector<std::pair<std::int64_t, double>> &rivers, const std::string &photo,
            Clock::time_point end, int seed, Stats &stats)
{
  Client c(port);
  // UUIDs differ from run to run: the same one again is a retry the server answers 200.
  std::mt19937_64 rng(std::random_device{}() ^ static_cast<std::uint64_t>(seed));
  for (int i = 0; Clock::now() < end; ++i) {
    const auto &[river, length] = rivers[rng() % rivers.size()];
    const double from = std::floor(static_cast<double>(rng() % 1000) / 1000 * (length - 5));
    char uuid[40];
    const auto a = rng(), b = rng();
    std::snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%012llx", unsigned(a >> 32),
                  unsigned(a >> 16) & 0xffff, unsigned(a) & 0xfff, unsigned(b >> 48) & 0xfff,
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    const nlohmann::json mark{{"feature", river}, {"status", "completed"}, {"from_m", from},
                              {"to_m", from + 5}, {"uuid", uuid},          {"note", "load"}};
    auto t0 = Clock::now();
    try {
      const auto r = c.send(http::verb::post, "/api/v1/events", token, mark.dump(), "application/json");
      stats.add("mark", since(t0));
      if (r.result_int() == 201) {
        std::lock_guard lock(stats.mutex);
        stats.marks.push_back({river, uuid});
      } else if (r.result_int() / 100 == 4) {
        ++stats.refused;
      } else {
        ++stats.errors;
        std::lock_guard lock(stats.mutex);
        if (stats.samples.size() < 5)
          stats.samples.push_back(std::to_string(r.result_int()) + " " + r.body());
      }
      if (r.result_int() == 201 && i % 5 == 0) {
        t0 = Clock::now();
        const auto p = c.send(http::verb::post, std::string("/api/v1/events/") + uuid + "/photos", token,
                              photo, "image/jpeg");
        stats.add("photo", since(t0));
        if (p.result_int() != 201) ++stats.errors;
      }
    } catch (const std::exception &) {
      ++stats.errors;
    }
  }
}

void report(Stats &stats, double seconds)
{
  for (auto &[kind, v] : stats.ms) {
    std::sort(v.begin(), v.end());
    auto q = [&v](double p) {
      return v.empty() ? 0.0 : v[std::min(v.size() - 1, std::size_t(p * v.size()))];
    };
    std::printf("%-9s %7zu requests %7.1f/s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms\n", kind.c_str(),
                v.size(), v.size() / seconds, q(0.5), q(0.99), v.empty() ? 0.0 : v.back());
  }
  std::printf("errors %ld, intended refusals %ld, marks accepted %zu\n", stats.errors.load(),
              stats.refused.load(), stats.marks.size());
  for (const auto &line : stats.samples)
    std::printf("error: %s", line.c_str());
}

// Every accepted mark once in its river's history.
long missingOrDoubled(unsigned short port, const std::string &token, const Stats &stats)
{
  Client c(port);
  std::map<std::int64_t, std::map<std::string, int>> seen;
  long bad = 0;
  for (const auto &[river, uuid] : stats.marks) {
    if (!seen.count(river)) {
      auto h = nlohmann::json::parse(
          c.send(http::verb::get, "/api/v1/features/" + std::to_string(river) + "/history", token).body());
      for (const auto &e : h["events"])
        ++seen[river][e["uuid"].get<std::string>()];
    }
    if (seen[river][uuid] != 1) ++bad;
  }
  return bad;
}

} // namespace

int main(int argc, char **argv)
{
  if (argc < 4) {
    std::cerr << "usage: server_load PORT[,PORT2] PASSWORD_PREFIX PHOTO.jpg [READERS WRITERS SECONDS]\n";
    return 2;
  }
  std::vector<unsigned short> ports;
  std::stringstream list(argv[1]);
  for (std::string p; std::getline(list, p, ',');)
    ports.push_back(static_cast<unsigned short>(std::stoi(p)));
  const std::string prefix = argv[2];
  std::ifstream in(argv[3], std::ios::binary);
  const std::string photo((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const int readers = argc > 4 ? std::atoi(argv[4]) : 200, writers = argc > 5 ? std::atoi(argv[5]) : 20;
  const int seconds = argc > 6 ? std::atoi(argv[6]) : 60;

  const std::string leader = signIn(ports[0], "leader1", prefix + "leader1");
  const std::string engineer = signIn(ports[0], "engineer1", prefix + "engineer1");
  Client c(ports[0]);
  std::vector<std::pair<std::int64_t, double>> rivers;
  const auto all =
      nlohmann::json::parse(c.send(http::verb::get, "/api/v1/layers/rivers/features", leader).body());
  for (const auto &f : all["features"])
    if (f["properties"]["length_m"].get<double>() > 20)
      rivers.push_back({f["id"], f["properties"]["length_m"]});

  Stats stats;
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < readers; ++i)
    threads.emplace_back(reader, ports[i % ports.size()], leader, end, i, std::ref(stats));
  for (int i = 0; i < writers; ++i)
    threads.emplace_back(writer, ports[i % ports.size()], engineer, std::cref(rivers), std::cref(photo), end,
                         1000 + i, std::ref(stats));
  for (auto &t : threads)
    t.join();
  report(stats, seconds);
  const long bad = missingOrDoubled(ports.back(), leader, stats);
  std::printf("marks missing or doubled: %ld\n", bad);
  return stats.errors == 0 && bad == 0 ? 0 : 1;
}
