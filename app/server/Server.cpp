#include "app/server/Server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

namespace app::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// One connection: reads a request (header first, so the body limit can follow the target),
// answers it, and reads the next while the client keeps the connection alive.
class HttpSession : public std::enable_shared_from_this<HttpSession>
{
public:
  HttpSession(tcp::socket socket, Server &server)
      : mStream(std::move(socket))
      , mServer(server)
  {
    beast::error_code ec;
    const auto peer = mStream.socket().remote_endpoint(ec);
    mClient = ec ? std::string("?") : peer.address().to_string();
  }

  void run()
  {
    asio::dispatch(mStream.get_executor(), [self = shared_from_this()] { self->readHeader(); });
  }

private:
  void readHeader()
  {
    mParser.emplace();
    mParser->body_limit(mServer.options().photoLimit); // the most any request may declare
    mParser->header_limit(static_cast<std::uint32_t>(mServer.options().headerLimit));
    mStream.expires_after(mServer.options().readTimeout);
    http::async_read_header(
        mStream, mBuffer, *mParser,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec)
  {
    if (ec) return failed(ec);
    const auto target = mParser->get().target();
    const bool photo = target.starts_with("/api/v1/events/") && target.ends_with("/photos");
    const std::size_t limit = photo ? mServer.options().photoLimit : mServer.options().bodyLimit;
    // The parser checked a declared length against its limit when the header ended, before this
    // one was known: check it here; the limit still bounds a chunked body.
    if (mParser->content_length() && *mParser->content_length() > limit)
      return failed(http::error::body_limit);
    mParser->body_limit(limit);
    mStart = std::chrono::steady_clock::now();
    http::async_read(mStream, mBuffer, *mParser,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRequest(ec); });
  }

  // A read that failed: a closed or idle connection ends quietly; a bad request gets its 4xx.
  void failed(beast::error_code ec)
  {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted || !mParser ||
        !mStream.socket().is_open())
      return close();
    Request req;
    req.version(11);
    req.keep_alive(false);
    const bool tooBig = ec == http::error::body_limit || ec == http::error::header_limit;
    const int status = tooBig ? (ec == http::error::body_limit ? 413 : 431) : 400;
    const std::string why = tooBig ? "the request is too large" : "bad request: " + ec.message();
    mServer.log("-", "-", status, 0, "");
    write(errorResponse(req, status, why));
  }

  void onRequest(beast::error_code ec)
  {
    if (ec) return failed(ec);
    Request req = mParser->release();
    bool live = false;
    try {
      live = req.method() == http::verb::get && targetPath(view(req.target())) == "/api/v1/live";
    } catch (const HttpError &) {
      live = false; // the Api answers the bad target
    }
    if (live) return startLive(std::move(req));
    std::string user;
    Response res = mServer.api().handle(req, mClient, user);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - mStart).count();
    mServer.log(std::string(req.method_string()), std::string(req.target()), res.result_int(), ms, user);
    write(std::move(res));
  }

  void startLive(Request req)
  {
    std::string user = mServer.api().userOf(req);
    if (user.empty()) {
      mServer.log("GET", std::string(req.target()), 401, 0, "");
      return write(errorResponse(req, 401, "sign in first: POST /api/v1/session with user and password"));
    }
    mServer.log("GET", std::string(req.target()), 200, 0, user);
    auto stream = std::make_shared<LiveStream>(std::move(mStream));
    Live &live = mServer.live();
    live.add(stream);
    stream->start(req, [&live, raw = stream.get()] { live.remove(raw); });
  }

  void write(Response res)
  {
    auto sp = std::make_shared<Response>(std::move(res));
    mStream.expires_after(mServer.options().readTimeout);
    http::async_write(mStream, *sp, [self = shared_from_this(), sp](beast::error_code ec, std::size_t) {
      if (ec || !sp->keep_alive()) return self->close();
      self->readHeader();
    });
  }

  // Ends the connection gracefully: what the client still sends (the rest of a refused body) is
  // read and dropped for a moment, so closing does not reset the connection before the client has
  // read the answer.
  void close()
  {
    beast::error_code ec;
    mStream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    mStream.expires_after(std::chrono::seconds(5));
    drain();
  }

  void drain()
  {
    mStream.async_read_some(asio::buffer(mDrain),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->drain();
                            });
  }

  beast::tcp_stream mStream;
  beast::flat_buffer mBuffer;
  std::optional<http::request_parser<http::string_body>> mParser;
  Server &mServer;
  std::string mClient;
  std::chrono::steady_clock::time_point mStart;
  std::array<char, 4096> mDrain;
};

} // namespace

Server::Server(Api &api, Live &live, ServerOptions options)
    : mApi(api)
    , mLive(live)
    , mOptions(std::move(options))
    , mIoc(mOptions.threads)
    , mAcceptor(asio::make_strand(mIoc))
{
}

Server::~Server() = default;

void Server::listen()
{
  beast::error_code ec;
  const auto address = asio::ip::make_address(mOptions.host, ec);
  const std::string where = mOptions.host + ":" + std::to_string(mOptions.port);
  if (ec) throw std::runtime_error("--listen " + where + ": not an IP address");
  const tcp::endpoint endpoint{address, mOptions.port};
  mAcceptor.open(endpoint.protocol(), ec);
  if (!ec) mAcceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) mAcceptor.bind(endpoint, ec);
  if (!ec) mAcceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
}

unsigned short Server::port() const
{
  return mAcceptor.local_endpoint().port();
}

void Server::accept()
{
  mAcceptor.async_accept(asio::make_strand(mIoc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !mAcceptor.is_open()) return;
    if (!ec) std::make_shared<HttpSession>(std::move(socket), *this)->run();
    accept();
  });
}

void Server::run()
{
  asio::signal_set signals(mIoc, SIGINT, SIGTERM);
  signals.async_wait([this](beast::error_code, int) {
    // No new connections; live streams end; requests being answered finish before run() returns.
    beast::error_code ec;
    mAcceptor.close(ec);
    mLive.closeAll();
    mIoc.stop();
  });
  accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < mOptions.threads; ++i)
    threads.emplace_back([this] { mIoc.run(); });
  mIoc.run();
  for (auto &t : threads)
    t.join();
}

void Server::log(const std::string &method, const std::string &path, int status, double ms,
                 const std::string &user)
{
  char msText[32];
  std::snprintf(msText, sizeof msText, "%.1f", ms);
  std::lock_guard lock(mLogMutex);
  std::cout << method << ' ' << path << ' ' << status << ' ' << msText << "ms " << (user.empty() ? "-" : user)
            << std::endl;
}

} // namespace app::server
