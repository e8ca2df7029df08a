#pragma once

#include "app/server/Http.h"
#include "data/store/Model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace app::server {

// What the API reads from request bodies, apart from the handlers (the fuzz target runs these).

// The request's body as a JSON object; throws HttpError(415) for another type, (400) for bad JSON.
nlohmann::json jsonBody(const Request &req);
// A string member of a JSON body; throws HttpError(400) naming it when absent or not a string.
std::string stringField(const nlohmann::json &body, const char *key);
// 8-4-4-4-12 hexadecimal digits.
bool isUuid(const std::string &s);
// The event a mark's body describes, recorded in `user`'s name (the feature is left to the
// caller); throws HttpError(400) naming the member that is wrong. The store checks the rest.
data::Event eventFromBody(const nlohmann::json &body, const std::string &user);

} // namespace app::server
