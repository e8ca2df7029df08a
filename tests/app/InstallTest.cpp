// `cmake --install` gives a program that needs neither its source tree nor its build folder: the
// installed planmap-cli, run from another folder, finds its plan under PREFIX/share/planmap and
// writes the sample; the installed desktop program opens it; the desktop entry and MIME type are in
// place for a double-clicked .planmap file.
#include "tests/common/TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

TEST(InstallTest, TheInstalledProgramsMakeAndOpenTheSampleFromAnotherFolder)
{
  testutil::TempDir dir;
  const std::string prefix = dir.file("prefix");
  const auto inst = testutil::run("/usr/bin/cmake", {"--install", PLANMAP_BUILD_DIR, "--prefix", prefix});
  ASSERT_EQ(inst.exitCode, 0) << inst.out << inst.err;
  EXPECT_TRUE(fs::exists(prefix + "/share/planmap/plans/pujiang-2020.json"));
  EXPECT_TRUE(fs::exists(prefix + "/share/applications/planmap.desktop"));
  EXPECT_TRUE(fs::exists(prefix + "/share/mime/packages/planmap.xml"));
  EXPECT_TRUE(fs::exists(prefix + "/share/icons/hicolor/scalable/apps/planmap.svg"));

  // From an unrelated folder, with nothing pointing back at the build or source tree.
  fs::create_directories(dir.file("elsewhere"));
  const std::string script = "cd '" + dir.file("elsewhere") + "' && unset PLANMAP_DATA_DIR && '" + prefix +
                             "/bin/planmap-cli' sample town.planmap && '" + prefix +
                             "/bin/planmap-cli' validate town.planmap && PLANMAP_USER=leader1 '" + prefix +
                             "/bin/planmap' town.planmap --screenshot shot.png";
  const auto r = testutil::run("/bin/sh", {"-c", script});
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("OK"), std::string::npos) << r.out;
  EXPECT_GT(fs::file_size(dir.file("elsewhere/shot.png")), 10000u);

  std::ifstream desktop(prefix + "/share/applications/planmap.desktop");
  const std::string entry((std::istreambuf_iterator<char>(desktop)), std::istreambuf_iterator<char>());
  EXPECT_NE(entry.find("MimeType=application/x-planmap;"), std::string::npos);
  EXPECT_NE(entry.find("Exec=planmap %f"), std::string::npos);
}

} // namespace
