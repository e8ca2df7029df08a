#include "tests/server/ServerFixture.h"

#include "data/store/AccountStore.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <regex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace testserver {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

Reply request(unsigned short port, http::verb method, const std::string &target, const std::string &body,
              const Headers &headers)
{
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(60));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto &[k, v] : headers)
    req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(method == http::verb::head);
  http::read(stream, buffer, parser);
  const auto &res = parser.get();
  Reply reply;
  reply.status = res.result_int();
  for (const auto &f : res) {
    std::string name(f.name_string());
    for (char &c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(f.value());
  }
  reply.body = res.body();
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return reply;
}

namespace {

int connectTo(unsigned short port)
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Appends what arrives on `fd` within `ms` to `out`; false at the end of the stream.
bool readSome(int fd, std::string &out, int ms)
{
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return true;
  char buf[8192];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n <= 0) return false;
  out.append(buf, static_cast<std::size_t>(n));
  return true;
}

} // namespace

std::string rawRequest(unsigned short port, const std::string &bytes)
{
  const int fd = connectTo(port);
  if (fd < 0) return {};
  (void)!::write(fd, bytes.data(), bytes.size());
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (std::chrono::steady_clock::now() < deadline && readSome(fd, out, 200))
    if (out.find("\r\n\r\n") != std::string::npos && out.find("}\n") != std::string::npos) break;
  ::close(fd);
  return out;
}

std::string signIn(unsigned short port, const std::string &user, const std::string &password)
{
  const Reply r = request(port, http::verb::post, "/api/v1/session",
                          nlohmann::json{{"user", user}, {"password", password}}.dump(),
                          {{"Content-Type", "application/json"}});
  if (r.status != 201) {
    ADD_FAILURE() << "sign-in of " << user << ": " << r.status << " " << r.body;
    return "";
  }
  return r.json()["token"];
}

Headers bearer(const std::string &token)
{
  return {{"Authorization", "Bearer " + token}};
}

Reply postJson(unsigned short port, const std::string &target, const nlohmann::json &body,
               const std::string &token)
{
  Headers h = bearer(token);
  h.push_back({"Content-Type", "application/json"});
  return request(port, http::verb::post, target, body.dump(), h);
}

ServerProcess::ServerProcess(const std::string &project, const std::vector<std::string> &extra)
{
  const std::string logPath = mDir.file("server.log");
  std::vector<std::string> args{PLANMAP_SERVER, project, "--listen", "127.0.0.1:0", "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  mPid = ::fork();
  if (mPid == 0) {
    const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char *> argv;
    for (auto &a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const std::regex listening("on http://127\\.0\\.0\\.1:([0-9]+)");
  for (int i = 0; i < 600 && mPort == 0; ++i) {
    std::smatch m;
    const std::string text = log();
    if (std::regex_search(text, m, listening)) mPort = static_cast<unsigned short>(std::stoi(m[1]));
    if (mPort == 0 && ::waitpid(mPid, nullptr, WNOHANG) == mPid) {
      mPid = -1;
      break;
    }
    if (mPort == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServerProcess::~ServerProcess()
{
  if (mPid > 0) stop();
}

int ServerProcess::stop()
{
  if (mPid <= 0) return -1;
  ::kill(mPid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 400; ++i) {
    if (::waitpid(mPid, &status, WNOHANG) == mPid) {
      mPid = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(mPid, SIGKILL);
  ::waitpid(mPid, &status, 0);
  mPid = -1;
  return -1;
}

std::string ServerProcess::log() const
{
  return testutil::readFile(mDir.file("server.log"));
}

LiveClient::LiveClient(unsigned short port, const std::string &token)
{
  mFd = connectTo(port);
  if (mFd < 0) return;
  const std::string req =
      "GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  (void)!::write(mFd, req.data(), req.size());
  // The status line and the stream's opening comment.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && mReceived.find("\r\n\r\n") == std::string::npos)
    if (!readSome(mFd, mReceived, 100)) break;
  if (mReceived.size() > 12) mStatus = std::atoi(mReceived.c_str() + 9);
  if (mStatus == 200)
    while (std::chrono::steady_clock::now() < deadline && mReceived.find("retry:") == std::string::npos)
      if (!readSome(mFd, mReceived, 100)) break;
}

LiveClient::~LiveClient()
{
  if (mFd >= 0) ::close(mFd);
}

bool LiveClient::waitFor(const std::string &needle)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (mReceived.find(needle) != std::string::npos) return true;
    if (!readSome(mFd, mReceived, 100)) break;
  }
  return mReceived.find(needle) != std::string::npos;
}

void setSamplePasswords(const std::string &project)
{
  auto store = data::openProject(project);
  data::AccountStore accounts(*store);
  for (const char *user : {"planner1", "engineer1", "leader1"})
    accounts.setPassword("planner1", user, std::string("secret-") + user);
}

} // namespace testserver
