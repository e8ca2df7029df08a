// planmap-server PROJECT.planmap|postgresql://… [--listen HOST:PORT] [--web DIR] [--threads N]
// [--public-read] [--cors ORIGIN]
#include "app/server/Server.h"

#include <filesystem>
#include <iostream>

namespace {

namespace fs = std::filesystem;
using namespace app::server;

constexpr const char *kUsage = "usage: planmap-server PROJECT.planmap|postgresql://… [--listen HOST:PORT] "
                               "[--web DIR] [--threads N] [--public-read] [--cors ORIGIN]";

// The folder of this program: the installed web client is found beside it (PREFIX/bin and
// PREFIX/share/planmap/web; the build folder has the same shape).
fs::path programDir()
{
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

struct Options
{
  std::string project;
  ServerOptions server;
  ApiOptions api;
};

void parseListen(const std::string &text, ServerOptions &o)
{
  const auto colon = text.rfind(':');
  const std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    throw std::invalid_argument("--listen expects HOST:PORT (e.g. 127.0.0.1:8080), got '" + text + "'");
  o.host = text.substr(0, colon);
  o.port = static_cast<unsigned short>(std::stoi(port));
}

Options parseArgs(int argc, char **argv)
{
  Options o;
  o.api.webDir = (programDir() / ".." / "share" / "planmap" / "web").lexically_normal().string();
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--listen")
      parseListen(value(), o.server);
    else if (a == "--cors")
      o.api.corsOrigin = value();
    else if (a == "--public-read")
      o.api.publicRead = true;
    else if (a == "--web")
      o.api.webDir = value();
    else if (a == "--threads") {
      const std::string n = value();
      if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(n) < 1)
        throw std::invalid_argument("--threads expects a number from 1, got '" + n + "'");
      o.server.threads = std::stoi(n);
    } else if (a.starts_with("-") || !o.project.empty())
      throw std::invalid_argument("unknown argument '" + a + "'");
    else
      o.project = a;
  }
  if (o.project.empty()) throw std::invalid_argument("no project given");
  return o;
}

// A change anyone committed, with the feature's new state, as the live stream sends it.
std::string changeJson(Project &project, const data::StoreChange &c)
{
  nlohmann::json j{{"table", c.table}, {"op", c.op}, {"id", c.id}};
  const std::int64_t featureId = c.table == "feature" ? c.id : c.featureId;
  if (c.table == "progress_event") j.update({{"uuid", c.uuid}, {"user", c.user}});
  if (featureId) {
    j["feature"] = featureId;
    const auto f = project.withStore([&](data::Store &s) { return s.feature(featureId); });
    if (f) {
      j["status"] = data::statusName(f->status);
      if (f->lengthM > 0) j.update({{"done_m", f->doneM}, {"length_m", f->lengthM}});
    }
  }
  return j.dump();
}

} // namespace

int main(int argc, char **argv)
{
  Options options;
  try {
    options = parseArgs(argc, argv);
  } catch (const std::exception &e) {
    std::cerr << "planmap-server: " << e.what() << "\n" << kUsage << "\n";
    return 2;
  }
  try {
    Project project(options.project);
    Live live;
    Api api(project, options.api);
    project.follow([&](const data::StoreChange &c) {
      try {
        live.publish("change", changeJson(project, c));
      } catch (const std::exception &e) {
        std::cerr << "planmap-server: live update of " << c.table << " " << c.id << " failed: " << e.what()
                  << "\n";
      }
    });
    Server server(api, live, options.server);
    server.listen();
    std::cout << "planmap-server: serving " << (project.isServer() ? "a PostgreSQL project" : options.project)
              << " on http://" << options.server.host << ":" << server.port() << std::endl;
    server.run();
    project.stop();
    std::cout << "planmap-server: stopped" << std::endl;
    return 0;
  } catch (const std::exception &e) {
    std::cerr << "planmap-server: " << e.what() << "\n";
    return 1;
  }
}
