#pragma once

#include <string>
#include <vector>

namespace testutil {

// A fresh temporary directory, removed when the object dies.
class TempDir
{
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return mPath; }
  std::string file(const std::string &name) const { return mPath + "/" + name; }

private:
  std::string mPath;
};

struct RunResult
{
  int exitCode = -1; // -1 when the program could not start or died from a signal
  std::string out;
  std::string err;
};

// Runs a program with arguments (no shell), captures stdout and stderr.
RunResult run(const std::string &program, const std::vector<std::string> &args);
inline RunResult runCli(const std::vector<std::string> &args)
{
  return run(PLANMAP_CLI, args);
}

std::string readFile(const std::string &path);
std::string sharedDataDir(); // ../shared/data (or $PLANMAP_SHARED_DATA), "" when absent

} // namespace testutil
