#pragma once

#include "app/server/Http.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace app::server {

// One client's Server-Sent Events stream (GET /api/v1/live): the socket taken over from its HTTP
// session, messages queued and written one at a time, a comment every 15 s keeps proxies from
// closing it.
class LiveStream : public std::enable_shared_from_this<LiveStream>
{
public:
  explicit LiveStream(boost::beast::tcp_stream stream);
  void start(const Request &req, std::function<void()> onClose);
  void send(std::string message); // from any thread
  void close();

private:
  void writeNext();
  void keepAlive();

  boost::beast::tcp_stream mStream;
  boost::asio::steady_timer mTimer;
  std::deque<std::string> mQueue;
  bool mWriting = false;
  std::function<void()> mOnClose;
};

// Every open live stream; a change goes to all of them.
class Live
{
public:
  void add(const std::shared_ptr<LiveStream> &stream);
  void remove(LiveStream *stream);
  // `event` is the SSE event name, `json` its data (one line).
  void publish(const std::string &event, const std::string &json);
  void closeAll();
  std::size_t size() const;

private:
  mutable std::mutex mMutex;
  std::set<std::shared_ptr<LiveStream>> mStreams;
};

} // namespace app::server
