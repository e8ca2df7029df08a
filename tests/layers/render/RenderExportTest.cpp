// Map export and `planmap-cli render`: PNG of the asked size, SVG and PDF that keep their text,
// and one-line errors for bad input with no file left behind.
#include "tests/common/SampleFixture.h"

#include <QImage>

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using testutil::runCli;

class RenderExportTest : public ::testing::Test
{
protected:
  testutil::TempDir dir;
  std::string project = testutil::sampleProjectCopy(dir);
};

TEST_F(RenderExportTest, PngHasTheAskedSize)
{
  const std::string out = dir.file("map.png");
  const auto r = runCli({"render", project, "--out", out, "--width", "500", "--height", "300"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const QImage img(QString::fromStdString(out));
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.width(), 500);
  EXPECT_EQ(img.height(), 300);
  EXPECT_NE(r.out.find("合成示例数据"), std::string::npos) << r.out;
}

TEST_F(RenderExportTest, BboxZoomsIn)
{
  const std::string full = dir.file("full.png"), part = dir.file("part.png");
  ASSERT_EQ(runCli({"render", project, "--out", full, "--width", "400", "--height", "400"}).exitCode, 0);
  const auto r = runCli({"render", project, "--out", part, "--width", "400", "--height", "400", "--bbox",
                         "121.50,31.03,121.53,31.06"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(testutil::readFile(full), testutil::readFile(part));
  // The scale printed for a small box is larger (a smaller denominator).
  EXPECT_NE(r.out.find("scale 1:"), std::string::npos);
}

TEST_F(RenderExportTest, SvgKeepsTextAsText)
{
  const std::string out = dir.file("map.svg");
  const auto r = runCli({"render", project, "--out", out, "--title", "浦江镇 河道整治", "--legend"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string svg = testutil::readFile(out);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("合成示例数据"), std::string::npos);
  EXPECT_NE(svg.find("浦江镇 河道整治"), std::string::npos);
  EXPECT_NE(svg.find("已完成"), std::string::npos); // legend
}

TEST_F(RenderExportTest, PdfKeepsTextAsText)
{
  const std::string out = dir.file("map.pdf");
  const auto r =
      runCli({"render", project, "--out", out, "--lang", "en", "--legend", "--as-of", "2020-09-30"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  ASSERT_EQ(testutil::readFile(out).rfind("%PDF", 0), 0u);
  if (!fs::exists("/usr/bin/pdftotext")) GTEST_SKIP() << "pdftotext not installed";
  const auto text = testutil::run("/usr/bin/pdftotext", {out, "-"});
  EXPECT_NE(text.out.find("synthetic sample data"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("as of"), std::string::npos);
  EXPECT_NE(text.out.find("completed"), std::string::npos);
  // Digits inside Latin text stay extractable (the map font is unshaped, as the report's).
  EXPECT_NE(text.out.find("2020-09-30"), std::string::npos) << text.out;
}

TEST_F(RenderExportTest, BadInputIsRefusedInOneLineAndWritesNothing)
{
  const std::string out = dir.file("bad.png");
  auto r = runCli({"render", project, "--out", dir.file("map.bmp")});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("map.bmp: unsupported format"), std::string::npos) << r.err;

  r = runCli({"render", project, "--out", out, "--bbox", "121.5,31.1,121.4"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--bbox"), std::string::npos) << r.err;

  r = runCli({"render", project, "--out", out, "--bbox", "121.6,31.0,121.5,31.1"});
  EXPECT_EQ(r.exitCode, 2);

  r = runCli({"render", project, "--out", out, "--width", "-5"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--width"), std::string::npos) << r.err;

  r = runCli({"render", project, "--out", out, "--as-of", "2020-02-30"});
  EXPECT_EQ(r.exitCode, 2);

  r = runCli({"render", dir.file("missing.planmap"), "--out", out});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("missing.planmap"), std::string::npos) << r.err;
  // One line of ours (Qt may add its own start-up notes).
  const auto line = r.err.find("planmap-cli render: ");
  ASSERT_NE(line, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("planmap-cli render: ", line + 1), std::string::npos) << r.err;

  r = runCli({"render", project, "--out", dir.path() + "/no/such/dir/map.png"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_FALSE(fs::exists(out));
}
