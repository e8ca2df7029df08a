// GET /api/v1/layers, /api/v1/layers/{layer}/features, /tiles/{layer}/{z}/{x}/{y}.mvt, /tiles/{layer}.json
#include "app/server/Api.h"
#include "app/server/Tiles.h"

#include "app/cli/Output.h"

#include <cmath>

namespace app::server {

namespace {

constexpr const char *kTileCache = "public, max-age=5";
constexpr int kMaxZoom = 22;

double rounded(double v)
{
  return std::round(v * 1e7) / 1e7; // about a centimetre in lon/lat
}

nlohmann::json pathCoordinates(const layers::PathSet &paths, std::uint32_t p)
{
  nlohmann::json coords = nlohmann::json::array();
  for (std::uint32_t v = paths.pathStart[p]; v < paths.pathStart[p + 1]; ++v)
    coords.push_back({rounded(paths.xs[v]), rounded(paths.ys[v])});
  return coords;
}

// Feature f's geometry in GeoJSON; several paths make a Multi- geometry (a polygon's rings are
// parts of their own: the map keeps no hole structure).
nlohmann::json geometryJson(const layers::PathSet &paths, std::size_t f, layers::GeometryKind kind)
{
  nlohmann::json parts = nlohmann::json::array();
  for (std::uint32_t p = paths.featureStart[f]; p < paths.featureStart[f + 1]; ++p) {
    nlohmann::json c = pathCoordinates(paths, p);
    if (kind == layers::GeometryKind::Point)
      parts.push_back(c.empty() ? nlohmann::json::array() : c[0]);
    else
      parts.push_back(kind == layers::GeometryKind::Polygon ? nlohmann::json::array({c}) : c);
  }
  const char *type = kind == layers::GeometryKind::Point  ? "Point"
                     : kind == layers::GeometryKind::Line ? "LineString"
                                                          : "Polygon";
  if (parts.size() == 1) return {{"type", type}, {"coordinates", parts[0]}};
  return {{"type", std::string("Multi") + type}, {"coordinates", parts}};
}

nlohmann::json featureJson(const MapSnapshot &s, std::size_t li, std::size_t i)
{
  const layers::MapLayer &layer = s.map->layers()[li];
  const layers::MapFeature f = layer.feature(i);
  nlohmann::json props{{"id", f.id},
                       {"code", f.code},
                       {"name", f.name},
                       {"layer", layer.id()},
                       {"status", data::statusName(f.status)}};
  if (layer.kind() == layers::GeometryKind::Line) {
    props["length_m"] = std::round(f.lengthM * 100) / 100;
    props["done_m"] = std::round(f.doneM * 100) / 100;
    const layers::PathSet &done = s.doneLonLat[li];
    if (done.featureStart[i + 1] > done.featureStart[i])
      props["done"] = geometryJson(done, i, layers::GeometryKind::Line);
  }
  if (layer.kind() == layers::GeometryKind::Polygon) props["area_m2"] = std::round(f.areaM2 * 10) / 10;
  return {{"type", "Feature"},
          {"id", f.id},
          {"geometry", geometryJson(s.lonLat[li], i, layer.kind())},
          {"properties", props}};
}

std::size_t layerIndex(const MapSnapshot &s, const std::string &id)
{
  const auto &all = s.map->layers();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].id() == id) return i;
  throw HttpError(404, "no layer '" + id.substr(0, 60) + "'");
}

int tileNumber(const std::string &text, int max, const char *what)
{
  const bool digits =
      !text.empty() && text.size() <= 8 && text.find_first_not_of("0123456789") == std::string::npos;
  const long v = digits ? std::stol(text) : -1;
  if (v < 0 || v > max)
    throw HttpError(400, std::string("bad tile ") + what + " '" + text.substr(0, 20) + "'");
  return static_cast<int>(v);
}

std::string baseUrl(const Request &req)
{
  const auto proto = req.find("X-Forwarded-Proto");
  const auto host = req.find(http::field::host);
  return (proto != req.end() ? std::string(proto->value()) : std::string("http")) + "://" +
         (host != req.end() ? std::string(host->value()) : std::string("localhost"));
}

} // namespace

Response Api::layersList(Call &call)
{
  const auto s = mProject.map(asOfOf(call));
  nlohmann::json list = nlohmann::json::array();
  for (const layers::MapLayer &l : s->map->layers())
    list.push_back({{"id", l.id()},
                    {"name_zh", l.def().nameZh},
                    {"name_en", l.def().nameEn},
                    {"geometry", l.def().geometryType},
                    {"tracked", l.tracked()},
                    {"features", l.size()},
                    {"tiles", "/tiles/" + l.id() + ".json"}});
  const gis::Envelope &e = s->lonLatExtent;
  const nlohmann::json out{{"layers", list}, {"bounds", {e.minX, e.minY, e.maxX, e.maxY}}};
  return jsonResponse(call.req, 200, out.dump() + "\n");
}

Response Api::features(Call &call)
{
  const auto s = mProject.map(asOfOf(call));
  const std::size_t li = layerIndex(*s, call.params[0]);
  const layers::MapLayer &layer = s->map->layers()[li];
  std::vector<std::uint32_t> hits;
  if (auto bbox = call.query.find("bbox"); bbox != call.query.end()) {
    gis::Envelope box;
    try {
      box = cli::lonLatBox(bbox->second, "bbox");
    } catch (const std::exception &e) {
      throw HttpError(400, e.what());
    }
    const gis::Envelope &d = s->lonLatExtent;
    box = {std::max(box.minX, d.minX), std::max(box.minY, d.minY), std::min(box.maxX, d.maxX),
           std::min(box.maxY, d.maxY)};
    if (!box.isNull()) hits = layer.query(projectedBox(box, s->map->epsg()));
  } else {
    for (std::uint32_t i = 0; i < layer.size(); ++i)
      hits.push_back(i);
  }
  const std::string etag =
      "f" + std::to_string(s->generation) + "-" + layer.id() + "-" + std::string(view(call.req.target()));
  if (matchesEtag(call.req, etag)) return notModified(call.req, etag, "no-cache");
  nlohmann::json list = nlohmann::json::array();
  for (std::uint32_t i : hits)
    list.push_back(featureJson(*s, li, i));
  const nlohmann::json out{{"type", "FeatureCollection"},
                           {"layer", layer.id()},
                           {"as_of", s->asOf.empty() ? nlohmann::json() : nlohmann::json(s->asOf)},
                           {"features", list}};
  Response res = makeResponse(call.req, 200, out.dump() + "\n", "application/geo+json; charset=utf-8");
  return cacheable(call.req, std::move(res), etag, "no-cache");
}

Response Api::tile(Call &call)
{
  const std::string &yText = call.params[3];
  if (yText.size() < 5 || yText.substr(yText.size() - 4) != ".mvt")
    throw HttpError(404, "a tile is /tiles/LAYER/Z/X/Y.mvt");
  TileAddress t;
  t.z = tileNumber(call.params[1], kMaxZoom, "zoom");
  t.x = tileNumber(call.params[2], (1 << t.z) - 1, "column");
  t.y = tileNumber(yText.substr(0, yText.size() - 4), (1 << t.z) - 1, "row");
  const auto s = mProject.map(asOfOf(call));
  std::vector<std::string> ids;
  if (call.params[0] == "all") {
    for (const auto &l : s->map->layers())
      ids.push_back(l.id());
  } else {
    ids.push_back(s->map->layers()[layerIndex(*s, call.params[0])].id());
  }
  const std::string etag = "t" + std::to_string(s->generation) + "-" + s->asOf + "-" + call.params[0] + "-" +
                           std::to_string(t.z) + "-" + std::to_string(t.x) + "-" + std::to_string(t.y);
  if (matchesEtag(call.req, etag)) return notModified(call.req, etag, kTileCache);
  std::string body = encodeTile(*s, ids, t);
  const int status = body.empty() ? 204 : 200;
  Response res = makeResponse(call.req, status, std::move(body), "application/vnd.mapbox-vector-tile");
  if (status == 204) {
    res.set(http::field::etag, "\"" + etag + "\"");
    res.set(http::field::cache_control, kTileCache);
    return res;
  }
  return cacheable(call.req, std::move(res), etag, kTileCache);
}

Response Api::tileJson(Call &call)
{
  std::string id = call.params[0];
  if (id.size() < 6 || id.substr(id.size() - 5) != ".json")
    throw HttpError(404, "TileJSON is /tiles/LAYER.json");
  id.resize(id.size() - 5);
  const std::string asOf = asOfOf(call);
  const auto s = mProject.map(asOf);
  nlohmann::json layersJson = nlohmann::json::array();
  for (const auto &l : s->map->layers())
    if (id == "all" || l.id() == id)
      layersJson.push_back({{"id", l.id()},
                            {"fields",
                             {{"id", "Number"},
                              {"code", "String"},
                              {"name", "String"},
                              {"status", "String"},
                              {"part", "String"}}}});
  if (layersJson.empty()) throw HttpError(404, "no layer '" + id.substr(0, 60) + "'");
  const gis::Envelope &e = s->lonLatExtent;
  const nlohmann::json out{
      {"tilejson", "3.0.0"},
      {"name", id},
      {"attribution", mProject.withStore([](data::Store &st) { return st.isSynthetic(); })
                          ? "SYNTHETIC sample data — 合成示例数据"
                          : ""},
      {"tiles",
       {baseUrl(call.req) + "/tiles/" + id + "/{z}/{x}/{y}.mvt" + (asOf.empty() ? "" : "?as_of=" + asOf)}},
      {"minzoom", 0},
      {"maxzoom", kMaxZoom},
      {"bounds", {e.minX, e.minY, e.maxX, e.maxY}},
      {"center", {(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2, 12}},
      {"vector_layers", layersJson}};
  return jsonResponse(call.req, 200, out.dump() + "\n");
}

void Api::addMapRoutes()
{
  add(http::verb::get, "/api/v1/layers", [this](Call &c) { return layersList(c); });
  add(http::verb::get, "/api/v1/layers/{}/features", [this](Call &c) { return features(c); });
  add(http::verb::get, "/tiles/{}/{}/{}/{}", [this](Call &c) { return tile(c); });
  add(http::verb::get, "/tiles/{}", [this](Call &c) { return tileJson(c); });
}

} // namespace app::server
