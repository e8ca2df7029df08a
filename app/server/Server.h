#pragma once

#include "app/server/Api.h"
#include "app/server/Live.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace app::server {

struct ServerOptions
{
  std::string host = "127.0.0.1";
  unsigned short port = 8080; // 0 = any free port (printed at start)
  int threads = 4;
  std::size_t headerLimit = 16 * 1024;
  std::size_t bodyLimit = 256 * 1024;        // JSON bodies
  std::size_t photoLimit = 16 * 1024 * 1024; // POST …/photos
  std::chrono::seconds readTimeout{30};      // a request must arrive within this
};

// planmap-server's HTTP side: accepts connections, reads requests with the limits above, hands
// them to the Api, writes the answers, logs one line per request (method, path, status, ms,
// user) on stdout, keeps the live streams, and stops on SIGTERM or SIGINT.
class Server
{
public:
  Server(Api &api, Live &live, ServerOptions options);
  ~Server();
  // Binds; throws std::runtime_error naming the address when it cannot.
  void listen();
  unsigned short port() const;
  // Serves until a stop signal; returns then.
  void run();

  Api &api() { return mApi; }
  Live &live() { return mLive; }
  const ServerOptions &options() const { return mOptions; }
  void log(const std::string &method, const std::string &path, int status, double ms,
           const std::string &user);

private:
  void accept();

  Api &mApi;
  Live &mLive;
  ServerOptions mOptions;
  boost::asio::io_context mIoc;
  boost::asio::ip::tcp::acceptor mAcceptor;
  std::mutex mLogMutex;
};

} // namespace app::server
