#include "tests/common/SampleFixture.h"

#include "layers/sample/SampleTown.h"

#include <filesystem>
#include <memory>
#include <mutex>

namespace fs = std::filesystem;

namespace testutil {

std::string sampleProjectCopy(const TempDir &dir, const std::string &name)
{
  static std::once_flag once;
  static std::unique_ptr<TempDir> masterDir; // lives for the whole test program
  static std::string master;
  std::call_once(once, [] {
    masterDir = std::make_unique<TempDir>();
    master = masterDir->file("sample.planmap");
    layers::writeSampleTown(master);
  });
  std::string out = dir.file(name);
  fs::copy_file(master, out, fs::copy_options::overwrite_existing);
  return out;
}

} // namespace testutil
