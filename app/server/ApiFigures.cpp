// GET /api/v1/plan, /api/v1/status (the figures planmap-cli prints) and the web client's files.
#include "app/server/Api.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace app::server {

namespace {

struct ProgramOutput
{
  int exitCode = -1;
  std::string out, err;
};

std::string readAll(int fd)
{
  std::string s;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    s.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return s;
}

// Runs a program without a shell; its error output goes to a file so neither pipe can fill up.
ProgramOutput runProgram(const std::vector<std::string> &args)
{
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("cannot start " + args[0]);
  char errPath[] = "/tmp/planmap-server-errXXXXXX";
  const int errFd = ::mkstemp(errPath);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, errFd, 2);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char *> argv;
  for (const auto &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ProgramOutput result;
  if (rc == 0) {
    result.out = readAll(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  } else {
    ::close(out[0]);
  }
  ::lseek(errFd, 0, SEEK_SET);
  result.err = readAll(errFd);
  ::unlink(errPath);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return result;
}

std::string contentType(const std::filesystem::path &p)
{
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".mjs", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".json", "application/json"},
                                                        {".webmanifest", "application/manifest+json"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".jpg", "image/jpeg"},
                                                        {".ico", "image/x-icon"},
                                                        {".woff2", "font/woff2"},
                                                        {".pbf", "application/x-protobuf"},
                                                        {".map", "application/json"},
                                                        {".txt", "text/plain; charset=utf-8"}};
  const auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

nlohmann::json planJson(const layers::Plan &plan)
{
  nlohmann::json targets = nlohmann::json::array();
  for (const layers::Target &t : plan.targets)
    targets.push_back({{"id", t.id},
                       {"group", t.group},
                       {"name_zh", t.nameZh},
                       {"name_en", t.nameEn},
                       {"kind", t.kindName()},
                       {"goal", t.goal},
                       {"comparator", t.comparatorSymbol()},
                       {"unit", t.unit},
                       {"unit_en", t.unitEn},
                       {"layer", t.layerId.empty() ? nlohmann::json() : nlohmann::json(t.layerId)},
                       {"source", t.source}});
  return {{"plan", plan.id},
          {"title_zh", plan.titleZh},
          {"title_en", plan.titleEn},
          {"doc_number", plan.docNumber},
          {"town", plan.town},
          {"town_en", plan.townEn},
          {"start_date", plan.startDate},
          {"deadline", plan.deadline},
          {"village_layer", plan.villageLayer},
          {"targets", targets}};
}

} // namespace

Response Api::cliJson(Call &call, std::vector<std::string> args)
{
  requireUser(call);
  const std::uint64_t generation = mProject.generation();
  std::string key;
  for (const auto &a : args)
    key += a + '\n';
  {
    // As with the map: while one request computes the figures after a change, the others get
    // the figures of before.
    std::lock_guard lock(mFigureMutex);
    auto it = mFigures.find(key);
    if (it != mFigures.end() && (it->second.generation == generation || it->second.running))
      return cacheable(call.req, jsonResponse(call.req, 200, it->second.json),
                       "s" + std::to_string(it->second.generation), "no-cache");
    if (it != mFigures.end()) it->second.running = true;
  }
  args.insert(args.begin(), mOptions.cli);
  ProgramOutput r;
  try {
    r = runProgram(args);
  } catch (...) {
    r.exitCode = -1;
  }
  std::lock_guard lock(mFigureMutex);
  if (auto it = mFigures.find(key); it != mFigures.end()) it->second.running = false;
  if (r.exitCode == 2) {
    // A usage error: an option the request gave that the figures do not know.
    const std::string line = r.err.substr(0, r.err.find('\n'));
    throw HttpError(400, line.substr(line.find(": ") == std::string::npos ? 0 : line.find(": ") + 2));
  }
  if (r.exitCode != 0)
    throw std::runtime_error("planmap-cli status failed: " + r.err.substr(0, r.err.find('\n')));
  if (mFigures.size() > 32) mFigures.clear();
  mFigures[key] = {generation, r.out, false};
  return cacheable(call.req, jsonResponse(call.req, 200, r.out), "s" + std::to_string(generation),
                   "no-cache");
}

Response Api::staticFile(Call &call)
{
  namespace fs = std::filesystem;
  for (const auto &part : fs::path(call.path))
    if (part == "..") throw HttpError(404, "no such file: " + call.path);
  fs::path file = fs::path(mOptions.webDir) / fs::path(call.path).relative_path();
  std::error_code ec;
  if (fs::is_directory(file, ec)) file /= "index.html";
  // The client's own routes (/field, …) are pages of the one application.
  if (!fs::is_regular_file(file, ec) && !fs::path(call.path).has_extension())
    file = fs::path(mOptions.webDir) / (fs::path(call.path).filename().string() + ".html");
  if (!fs::is_regular_file(file, ec)) throw HttpError(404, "no such file: " + call.path);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  const auto stamp = fs::last_write_time(file, ec).time_since_epoch().count();
  const std::string etag = "w" + std::to_string(fs::file_size(file, ec)) + "-" + std::to_string(stamp);
  const bool page = file.extension() == ".html";
  return cacheable(call.req, makeResponse(call.req, 200, body.str(), contentType(file)), etag,
                   page ? "no-cache" : "public, max-age=3600");
}

void Api::addFigureRoutes()
{
  add(http::verb::get, "/api/v1/plan", [this](Call &c) {
    requireUser(c);
    return jsonResponse(c.req, 200, planJson(mProject.plan()).dump() + "\n");
  });
  add(http::verb::get, "/api/v1/status", [this](Call &c) {
    std::vector<std::string> args{"status", mProject.source(), "--json"};
    for (const auto &[key, option] :
         {std::pair<std::string, std::string>{"as_of", "--as-of"}, {"by", "--by"}, {"compare", "--compare"}})
      if (auto it = c.query.find(key); it != c.query.end()) {
        if (key != "by") queryDate(c.query, key);
        args.insert(args.end(), {option, it->second});
      }
    return cliJson(c, args);
  });
}

} // namespace app::server
