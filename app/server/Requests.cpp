#include "app/server/Requests.h"

#include "data/store/EventRules.h"

#include <cctype>

namespace app::server {

nlohmann::json jsonBody(const Request &req)
{
  const auto type = req.find(http::field::content_type);
  if (type == req.end() || type->value().find("application/json") == boost::beast::string_view::npos)
    throw HttpError(415, "the request body must be JSON (Content-Type: application/json)");
  nlohmann::json body = nlohmann::json::parse(req.body(), nullptr, false);
  if (!body.is_object()) throw HttpError(400, "the request body must be a JSON object");
  return body;
}

std::string stringField(const nlohmann::json &body, const char *key)
{
  const auto it = body.find(key);
  if (it == body.end() || !it->is_string())
    throw HttpError(400, std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

bool isUuid(const std::string &s)
{
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

namespace {

std::optional<double> chainage(const nlohmann::json &body, const char *key)
{
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) throw HttpError(400, std::string("\"") + key + "\" must be a number of metres");
  return it->get<double>();
}

} // namespace

data::Event eventFromBody(const nlohmann::json &body, const std::string &user)
{
  data::Event e;
  e.user = user;
  const auto status = data::statusFromName(stringField(body, "status"));
  if (!status) throw HttpError(400, "\"status\" must be planned, in_progress, completed or accepted");
  e.status = *status;
  e.fromM = chainage(body, "from_m");
  e.toM = chainage(body, "to_m");
  if (e.fromM.has_value() != e.toM.has_value()) throw HttpError(400, "\"from_m\" and \"to_m\" go together");
  e.kind = e.fromM ? data::EventKind::Stretch : data::EventKind::Status;
  if (body.contains("kind")) {
    const auto kind = data::eventKindFromName(stringField(body, "kind"));
    if (!kind) throw HttpError(400, "\"kind\" must be status, stretch, correction or retraction");
    e.kind = *kind;
  }
  e.date = body.contains("date") ? stringField(body, "date") : data::todayIso();
  if (body.contains("note")) e.note = stringField(body, "note");
  if (body.contains("retracts")) e.retracts = stringField(body, "retracts");
  if (body.contains("uuid")) {
    e.uuid = stringField(body, "uuid");
    if (!isUuid(e.uuid)) throw HttpError(400, "\"uuid\" must be a UUID (8-4-4-4-12 hexadecimal digits)");
  }
  return e;
}

} // namespace app::server
