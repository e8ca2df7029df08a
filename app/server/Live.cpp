#include "app/server/Live.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace app::server {

namespace asio = boost::asio;

LiveStream::LiveStream(boost::beast::tcp_stream stream)
    : mStream(std::move(stream))
    , mTimer(mStream.get_executor())
{
}

void LiveStream::start(const Request &req, std::function<void()> onClose)
{
  mOnClose = std::move(onClose);
  mStream.expires_never();
  std::string head = "HTTP/1.1 200 OK\r\nServer: planmap-server\r\nContent-Type: text/event-stream\r\n"
                     "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\n";
  // The client learns the stream is open before the first change comes.
  head += "retry: 2000\n: " + std::string(req.target()) + "\n\n";
  mQueue.push_back(std::move(head));
  writeNext();
  keepAlive();
}

void LiveStream::send(std::string message)
{
  asio::post(mStream.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
    self->mQueue.push_back(std::move(m));
    if (!self->mWriting) self->writeNext();
  });
}

void LiveStream::writeNext()
{
  if (mQueue.empty()) {
    mWriting = false;
    return;
  }
  mWriting = true;
  asio::async_write(mStream, asio::buffer(mQueue.front()),
                    [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                      if (ec) return self->close();
                      self->mQueue.pop_front();
                      self->writeNext();
                    });
}

void LiveStream::keepAlive()
{
  mTimer.expires_after(std::chrono::seconds(15));
  mTimer.async_wait([self = shared_from_this()](boost::beast::error_code ec) {
    if (ec) return;
    self->mQueue.push_back(": keep-alive\n\n");
    if (!self->mWriting) self->writeNext();
    self->keepAlive();
  });
}

void LiveStream::close()
{
  asio::dispatch(mStream.get_executor(), [self = shared_from_this()] {
    self->mTimer.cancel();
    boost::beast::error_code ec;
    self->mStream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    self->mStream.close();
    if (auto done = std::move(self->mOnClose)) done();
  });
}

void Live::add(const std::shared_ptr<LiveStream> &stream)
{
  std::lock_guard lock(mMutex);
  mStreams.insert(stream);
}

void Live::remove(LiveStream *stream)
{
  std::lock_guard lock(mMutex);
  for (auto it = mStreams.begin(); it != mStreams.end(); ++it)
    if (it->get() == stream) {
      mStreams.erase(it);
      return;
    }
}

void Live::publish(const std::string &event, const std::string &json)
{
  const std::string message = "event: " + event + "\ndata: " + json + "\n\n";
  std::lock_guard lock(mMutex);
  for (const auto &s : mStreams)
    s->send(message);
}

void Live::closeAll()
{
  std::set<std::shared_ptr<LiveStream>> streams;
  {
    std::lock_guard lock(mMutex);
    streams.swap(mStreams);
  }
  for (const auto &s : streams)
    s->close();
}

std::size_t Live::size() const
{
  std::lock_guard lock(mMutex);
  return mStreams.size();
}

} // namespace app::server
