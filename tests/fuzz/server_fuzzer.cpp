// libFuzzer target on planmap-server's request path: the input is read as an HTTP request by
// Beast's parser with the server's limits, and its target, query, cookie and bearer token as the
// server reads them; it is also read as the JSON body of a mark (POST /api/v1/events). A refusal
// (HttpError, a parse error) is an answer; a crash, a sanitizer report or another exception is a
// finding.
#include "app/server/Http.h"
#include "app/server/Requests.h"

#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <string>

namespace {

void readRequest(std::string_view bytes)
{
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(256 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!ec && used < bytes.size() && !parser.is_done()) {
    const std::size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (n == 0) break;
    used += n;
  }
  if (!parser.is_header_done()) return;
  const app::server::Request &req = parser.get();
  try {
    app::server::targetPath(app::server::view(req.target()));
    app::server::targetQuery(app::server::view(req.target()));
    app::server::cookieValue(req, "planmap_session");
    app::server::bearerToken(req);
    if (parser.is_done()) app::server::eventFromBody(app::server::jsonBody(req), "engineer1");
  } catch (const app::server::HttpError &) {
  }
}

void readBody(std::string_view bytes)
{
  const nlohmann::json body = nlohmann::json::parse(bytes, nullptr, false);
  if (!body.is_object()) return;
  try {
    app::server::eventFromBody(body, "engineer1");
  } catch (const app::server::HttpError &) {
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  readRequest(bytes);
  readBody(bytes);
  return 0;
}
