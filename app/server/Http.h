#pragma once

#include <boost/beast/http.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace app::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Beast (Boost 1.74) has its own string_view.
inline std::string_view view(boost::beast::string_view s)
{
  return {s.data(), s.size()};
}

// A refusal a handler throws: the server answers `status` with {"error": message}.
struct HttpError : std::runtime_error
{
  HttpError(int status, const std::string &message)
      : std::runtime_error(message)
      , status(status)
  {
  }
  int status;
};

// A response with a body; keep-alive and version follow the request.
Response makeResponse(const Request &req, int status, std::string body, const std::string &contentType);
Response jsonResponse(const Request &req, int status, std::string json);
// {"error":"…"} on one line.
Response errorResponse(const Request &req, int status, const std::string &message);

// The path of a request target, percent-decoded; throws HttpError(400) for a bad escape.
std::string targetPath(std::string_view target);
// The query parameters of a request target, decoded; a repeated key keeps the last value.
std::map<std::string, std::string> targetQuery(std::string_view target);
std::string percentDecode(std::string_view s, bool plusIsSpace);

// A cookie's value from the Cookie header, "" when absent.
std::string cookieValue(const Request &req, const std::string &name);
// The token of "Authorization: Bearer TOKEN", "" when absent.
std::string bearerToken(const Request &req);

// gzip (RFC 1952) of `data`, and whether the client takes it.
std::string gzip(std::string_view data);
bool acceptsGzip(const Request &req);

// True when the request's If-None-Match names `etag` (unquoted here); then notModified() answers.
bool matchesEtag(const Request &req, const std::string &etag);
Response notModified(const Request &req, const std::string &etag, const std::string &cacheControl);
// Answers 304 when the request's If-None-Match names `etag`, else sets ETag and Cache-Control on
// `res` and gzips its body when the client takes it and it is worth it. Returns the response.
Response cacheable(const Request &req, Response res, const std::string &etag,
                   const std::string &cacheControl);

// A date YYYY-MM-DD from a query parameter (a real calendar day); throws HttpError(400) naming it.
std::string queryDate(const std::map<std::string, std::string> &query, const std::string &key);

} // namespace app::server
