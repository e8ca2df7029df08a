#include "tests/common/TestUtil.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace testutil {

TempDir::TempDir()
{
  std::string tmpl = (fs::temp_directory_path() / "planmap-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  mPath = buf.data();
}

TempDir::~TempDir()
{
  std::error_code ec;
  fs::remove_all(mPath, ec);
}

RunResult run(const std::string &program, const std::vector<std::string> &args)
{
  // stdout and stderr go to files: no pipe-buffer deadlock, no threads.
  TempDir dir;
  const std::string outPath = dir.file("out"), errPath = dir.file("err");
  RunResult r;
  pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    FILE *o = freopen(outPath.c_str(), "w", stdout);
    FILE *e = freopen(errPath.c_str(), "w", stderr);
    FILE *i = freopen("/dev/null", "r", stdin);
    (void)o, (void)e, (void)i;
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(program.c_str()));
    for (const auto &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readFile(outPath);
  r.err = readFile(errPath);
  return r;
}

std::string readFile(const std::string &path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sharedDataDir()
{
  const char *env = std::getenv("PLANMAP_SHARED_DATA");
  std::string dir = env ? env : PLANMAP_SHARED_DATA;
  return fs::is_directory(dir) ? dir : std::string();
}

} // namespace testutil
