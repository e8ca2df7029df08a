#include "app/server/Http.h"

#include "data/store/EventRules.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

namespace app::server {

Response makeResponse(const Request &req, int status, std::string body, const std::string &contentType)
{
  Response res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, "planmap-server");
  res.set(http::field::content_type, contentType);
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response jsonResponse(const Request &req, int status, std::string json)
{
  Response res = makeResponse(req, status, std::move(json), "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response errorResponse(const Request &req, int status, const std::string &message)
{
  // The message is one line: a store's message may quote user text with a line break in it.
  std::string line = message;
  for (char &c : line)
    if (c == '\n' || c == '\r') c = ' ';
  const nlohmann::json body{{"error", line}};
  return jsonResponse(req, status,
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::string percentDecode(std::string_view s, bool plusIsSpace)
{
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plusIsSpace) {
      out += ' ';
    } else if (s[i] == '%') {
      auto hexValue = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      const int hi = i + 2 < s.size() ? hexValue(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? hexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw HttpError(400, "bad percent escape in the request target");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string targetPath(std::string_view target)
{
  const std::string path = percentDecode(target.substr(0, target.find('?')), false);
  if (path.empty() || path[0] != '/') throw HttpError(400, "the request target must be a path");
  if (path.find('\0') != std::string::npos) throw HttpError(400, "the request path holds a NUL byte");
  return path;
}

std::map<std::string, std::string> targetQuery(std::string_view target)
{
  std::map<std::string, std::string> query;
  const auto q = target.find('?');
  if (q == std::string_view::npos) return query;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty())
      query[percentDecode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return query;
}

std::string cookieValue(const Request &req, const std::string &name)
{
  const auto it = req.find(http::field::cookie);
  if (it == req.end()) return {};
  std::string_view all(it->value().data(), it->value().size());
  while (!all.empty()) {
    const auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all = all.substr(semi + 1);
  }
  return {};
}

std::string bearerToken(const Request &req)
{
  const auto it = req.find(http::field::authorization);
  if (it == req.end()) return {};
  const std::string_view v(it->value().data(), it->value().size());
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() <= kBearer.size() || v.substr(0, kBearer.size()) != kBearer) return {};
  return std::string(v.substr(kBearer.size()));
}

std::string gzip(std::string_view data)
{
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib could not start");
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef *>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib could not compress the response");
  return out;
}

bool acceptsGzip(const Request &req)
{
  const auto it = req.find(http::field::accept_encoding);
  return it != req.end() &&
         std::string_view(it->value().data(), it->value().size()).find("gzip") != std::string_view::npos;
}

bool matchesEtag(const Request &req, const std::string &etag)
{
  const std::string quoted = "\"" + etag + "\"";
  const auto match = req.find(http::field::if_none_match);
  return match != req.end() && std::string_view(match->value().data(), match->value().size()).find(quoted) !=
                                   std::string_view::npos;
}

Response notModified(const Request &req, const std::string &etag, const std::string &cacheControl)
{
  Response nm{http::status::not_modified, req.version()};
  nm.set(http::field::server, "planmap-server");
  nm.set(http::field::etag, "\"" + etag + "\"");
  nm.set(http::field::cache_control, cacheControl);
  nm.keep_alive(req.keep_alive());
  return nm;
}

Response cacheable(const Request &req, Response res, const std::string &etag, const std::string &cacheControl)
{
  const std::string quoted = "\"" + etag + "\"";
  if (matchesEtag(req, etag)) return notModified(req, etag, cacheControl);
  res.set(http::field::etag, quoted);
  res.set(http::field::cache_control, cacheControl);
  res.set(http::field::vary, "Accept-Encoding");
  if (res.body().size() > 256 && acceptsGzip(req)) {
    res.body() = gzip(res.body());
    res.set(http::field::content_encoding, "gzip");
    res.prepare_payload();
  }
  return res;
}

std::string queryDate(const std::map<std::string, std::string> &query, const std::string &key)
{
  const auto it = query.find(key);
  if (it == query.end() || it->second.empty()) return {};
  if (!data::isIsoDate(it->second))
    throw HttpError(400, key + " expects a date YYYY-MM-DD, got '" + it->second.substr(0, 40) + "'");
  return it->second;
}

} // namespace app::server
