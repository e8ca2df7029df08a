// GET /api/v1/plan, /api/v1/status (the documents planmap-cli prints) and the web client's files.
#include "app/server/Api.h"

#include "data/postgis/PgConnection.h"
#include "layers/plan/StatusFigures.h"
#include "layers/report/StatusJson.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace app::server {

namespace {

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
  // Responsibility and schedule as `targets list --json` gives them.
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const nlohmann::json schedule =
        nlohmann::json::parse(layers::dumpJson(layers::targetPlanJson(plan.targets[i])));
    for (const char *key : {"lead", "support", "milestones"})
      if (schedule.contains(key)) targets[i][key] = schedule[key];
  }
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

std::string Api::statusDocument(const std::string &asOf, const std::string &by, const std::string &compare)
{
  if (!by.empty() && by != "village" && by != "unit")
    throw HttpError(400, "by expects village or unit, got '" + by.substr(0, 40) + "'");
  // The project as the command line would name it (a server without its password).
  const std::string project =
      mProject.isServer() ? data::connectionWithoutPassword(mProject.source()) : mProject.source();
  return mProject.withStore([&](data::Store &store) {
    layers::StatusFigures s;
    try {
      s = layers::computeStatus(store, mProject.plan(), asOf, by == "village", compare);
    } catch (const std::invalid_argument &e) {
      throw HttpError(400, std::string("compare: ") + e.what());
    }
    auto json = layers::statusJson(project, store, mProject.plan(), s, by == "village");
    if (by == "unit") json["units"] = layers::unitsJson(layers::unitRollup(mProject.plan(), s.forecasts));
    return layers::dumpJson(json) + "\n";
  });
}

Response Api::status(Call &call)
{
  const std::string asOf = queryDate(call.query, "as_of"), compare = queryDate(call.query, "compare");
  const std::string by = call.query.count("by") ? call.query.at("by") : "";
  const std::string key = asOf + "/" + by + "/" + compare;
  const std::uint64_t generation = mProject.generation();
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
  std::string json;
  try {
    json = statusDocument(asOf, by, compare);
  } catch (...) {
    std::lock_guard lock(mFigureMutex);
    if (auto it = mFigures.find(key); it != mFigures.end()) it->second.running = false;
    throw;
  }
  std::lock_guard lock(mFigureMutex);
  if (mFigures.size() > 32) mFigures.clear();
  mFigures[key] = {generation, json, false};
  return cacheable(call.req, jsonResponse(call.req, 200, json), "s" + std::to_string(generation), "no-cache");
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
  add(http::verb::get, "/api/v1/status", [this](Call &c) { return status(c); });
}

} // namespace app::server
