// POST /api/v1/events, GET /api/v1/features/{id}[/history], photos of an event.
#include "app/server/Api.h"
#include "app/server/Requests.h"

#include "data/postgis/PostgisStore.h"
#include "data/store/EventRules.h"
#include "layers/edit/Evidence.h"
#include "layers/report/StatusJson.h"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace app::server {

namespace {

std::string photoUrl(const std::string &eventUuid, const std::string &photoUuid)
{
  return "/api/v1/events/" + eventUuid + "/photos/" + photoUuid;
}

// The photos of an event's JSON (as history --json lists them) with where to get them.
void addPhotoUrls(nlohmann::json &event)
{
  for (auto &a : event["attachments"]) {
    a["url"] = photoUrl(event["uuid"], a["uuid"]);
    a["thumbnail_url"] = photoUrl(event["uuid"], a["uuid"]).append("/thumbnail");
  }
}

// `history --json` of a feature (all its events, or the ones given), photos with their URLs.
nlohmann::json historyJson(const data::Store &store, const data::Feature &f,
                           const std::vector<data::Event> &events)
{
  nlohmann::json h = nlohmann::json::parse(layers::dumpJson(layers::historyJson(store, f, events)));
  for (auto &e : h["events"])
    addPhotoUrls(e);
  return h;
}

nlohmann::json featureState(const data::Feature &f)
{
  nlohmann::json out{{"id", f.id},
                     {"code", f.code},
                     {"name", f.name},
                     {"layer", f.layerId},
                     {"status", data::statusName(f.status)},
                     {"version", f.version}};
  if (f.lengthM > 0) {
    out["length_m"] = f.lengthM;
    out["done_m"] = f.doneM;
  }
  if (f.areaM2 > 0) out["area_m2"] = f.areaM2;
  return out;
}

data::Feature requireFeature(const data::Store &store, const nlohmann::json &ref)
{
  std::optional<data::Feature> f;
  if (ref.is_number_integer()) f = store.feature(ref.get<std::int64_t>());
  if (ref.is_string()) f = store.featureByCode(ref.get<std::string>());
  if (!ref.is_number_integer() && !ref.is_string())
    throw HttpError(400, "\"feature\" must be a feature id (number) or code (string)");
  if (!f) throw HttpError(404, "no feature " + ref.dump().substr(0, 60));
  return *f;
}

std::optional<data::Event> eventByUuid(const data::Store &store, std::int64_t featureId,
                                       const std::string &uuid)
{
  for (const data::Event &e : store.events(featureId))
    if (e.uuid == uuid) return e;
  return std::nullopt;
}

std::pair<data::Event, data::Feature> findEvent(const data::Store &store, const std::string &uuid)
{
  if (!isUuid(uuid)) throw HttpError(404, "no event " + uuid.substr(0, 40));
  // A server looks the event up by its UUID; a file has no such query, so its events are read.
  if (const auto *server = dynamic_cast<const data::PostgisStore *>(&store)) {
    const auto found = server->eventsByUuid({uuid});
    if (found.empty()) throw HttpError(404, "no event " + uuid);
    return {found[0], *store.feature(found[0].featureId)};
  }
  for (const data::Event &e : store.allEvents())
    if (e.uuid == uuid) return {e, *store.feature(e.featureId)};
  throw HttpError(404, "no event " + uuid);
}

std::int64_t featureIdParam(const std::string &text)
{
  if (text.empty() || text.size() > 17 || text.find_first_not_of("0123456789") != std::string::npos)
    throw HttpError(404, "no feature " + text.substr(0, 40));
  return std::stoll(text);
}

} // namespace

Response Api::postEvent(Call &call)
{
  const std::string user = requireUser(call);
  const nlohmann::json body = jsonBody(call.req);
  if (!body.contains("feature")) throw HttpError(400, "\"feature\" is missing");
  data::Event e = eventFromBody(body, user);
  int status = 201;
  nlohmann::json out = mProject.withStore([&](data::Store &store) {
    const data::Feature f = requireFeature(store, body["feature"]);
    e.featureId = f.id;
    std::optional<data::Event> stored;
    if (!e.uuid.empty()) stored = eventByUuid(store, f.id, e.uuid);
    if (stored)
      status = 200; // the same mark sent again (a retry): the one stored, never a second
    else
      stored = store.appendEvent(user, e);
    const data::Feature now = *store.feature(f.id);
    nlohmann::json j = historyJson(store, now, {*stored})["events"][0];
    j["feature"] = f.id;
    j["feature_state"] = featureState(now);
    return j;
  });
  if (status == 201) mProject.pollNow();
  return jsonResponse(call.req, status, out.dump() + "\n");
}

Response Api::feature(Call &call)
{
  requireUser(call);
  const std::int64_t id = featureIdParam(call.params[0]);
  const auto f = mProject.withStore([&](data::Store &s) { return s.feature(id); });
  if (!f) throw HttpError(404, "no feature " + std::to_string(id));
  nlohmann::json out{{"feature", featureState(*f)}};
  if (const std::string asOf = asOfOf(call); !asOf.empty()) {
    // The state on that day, as the map of that day shows it.
    if (const auto then = mProject.map(asOf)->map->feature(id)) {
      out["feature"]["status"] = data::statusName(then->status);
      if (f->lengthM > 0) out["feature"]["done_m"] = then->doneM;
    }
    out["feature"]["as_of"] = asOf;
  }
  out["feature"]["attributes"] = nlohmann::json::parse(data::attributesToJson(f->attributes));
  return jsonResponse(call.req, 200, out.dump() + "\n");
}

Response Api::history(Call &call)
{
  requireUser(call);
  const std::int64_t id = featureIdParam(call.params[0]);
  const nlohmann::json out = mProject.withStore([&](data::Store &s) {
    const auto f = s.feature(id);
    if (!f) throw HttpError(404, "no feature " + std::to_string(id));
    return historyJson(s, *f, s.events(id));
  });
  return jsonResponse(call.req, 200, out.dump() + "\n");
}

Response Api::postPhoto(Call &call)
{
  const std::string user = requireUser(call);
  const auto type = call.req.find(http::field::content_type);
  if (type == call.req.end() || type->value() != "image/jpeg")
    throw HttpError(415, "a photo is sent as its JPEG bytes (Content-Type: image/jpeg)");
  // The evidence reader takes a file: the bytes go to a private temporary one.
  const std::string name = call.query.count("name") ? call.query.at("name") : "photo.jpg";
  std::string file = (std::filesystem::temp_directory_path() / "planmap-photo-XXXXXX.jpg").string();
  const int fd = ::mkstemps(file.data(), 4);
  if (fd < 0) throw std::runtime_error("cannot write a temporary file for the photo");
  const std::string &bytes = call.req.body();
  const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ::close(fd);
  data::Attachment photo;
  try {
    if (!written) throw std::runtime_error("the disk is full");
    photo = layers::loadPhoto(file);
  } catch (const std::exception &e) {
    std::filesystem::remove(file);
    throw HttpError(422, std::string("the photo cannot be read: ") + e.what());
  }
  std::filesystem::remove(file);
  photo.fileName = name.substr(0, 200);
  const nlohmann::json out = mProject.withStore([&](data::Store &s) {
    const auto [event, feature] = findEvent(s, call.params[0]);
    const auto stored = layers::attachPhotos(s, user, event.uuid, {photo});
    nlohmann::json j{{"uuid", stored[0].uuid},
                     {"file", stored[0].fileName},
                     {"url", photoUrl(event.uuid, stored[0].uuid)},
                     {"thumbnail_url", photoUrl(event.uuid, stored[0].uuid) + "/thumbnail"},
                     {"taken_at", stored[0].takenAt},
                     {"position", stored[0].position
                                      ? nlohmann::json{stored[0].position->x, stored[0].position->y}
                                      : nlohmann::json()},
                     {"warnings", layers::photoWarnings(stored[0], feature, event)}};
    return j;
  });
  return jsonResponse(call.req, 201, out.dump() + "\n");
}

Response Api::photo(Call &call, bool thumbnail)
{
  requireUser(call);
  const auto photos = mProject.withStore([&](data::Store &s) { return s.attachments(call.params[0]); });
  for (const auto &p : photos)
    if (p.uuid == call.params[1]) {
      const bool thumb = thumbnail && !p.thumbnail.empty();
      Response res = makeResponse(call.req, 200, thumb ? p.thumbnail : p.data, thumb ? "image/jpeg" : p.mime);
      return cacheable(call.req, std::move(res), p.uuid + (thumb ? "-t" : ""), "private, max-age=86400");
    }
  throw HttpError(404, "no photo " + call.params[1].substr(0, 40));
}

void Api::addMarkRoutes()
{
  add(http::verb::post, "/api/v1/events", [this](Call &c) { return postEvent(c); });
  add(http::verb::get, "/api/v1/features/{}", [this](Call &c) { return feature(c); });
  add(http::verb::get, "/api/v1/features/{}/history", [this](Call &c) { return history(c); });
  add(http::verb::post, "/api/v1/events/{}/photos", [this](Call &c) { return postPhoto(c); });
  add(http::verb::get, "/api/v1/events/{}/photos/{}", [this](Call &c) { return photo(c, false); });
  add(http::verb::get, "/api/v1/events/{}/photos/{}/thumbnail", [this](Call &c) { return photo(c, true); });
}

} // namespace app::server
