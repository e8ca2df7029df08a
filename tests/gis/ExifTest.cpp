// EXIF position and time of real JPEGs written by GDAL and exiftool.
#include "gis/Exif.h"
#include "gis/Error.h"
#include "tests/common/TestPhotos.h"

#include <gtest/gtest.h>

#include <fstream>

TEST(ExifTest, ReadsGpsPositionAndDateTimeOriginal)
{
  testutil::TempDir dir;
  const gis::Point where{121.5123456, 31.0512345};
  const std::string jpg = testutil::writeTestPhoto(dir, "site.jpg", where, "2020:06:01 10:11:12");
  ASSERT_FALSE(jpg.empty());
  const gis::ExifInfo info = gis::readExif(jpg);
  ASSERT_TRUE(info.position.has_value());
  // exiftool keeps 4 decimals of arc seconds: 3 mm on the ground.
  EXPECT_NEAR(info.position->x, where.x, 1e-7);
  EXPECT_NEAR(info.position->y, where.y, 1e-7);
  EXPECT_EQ(info.takenAt, "2020-06-01T10:11:12");
  EXPECT_EQ(info.date(), "2020-06-01");
}

TEST(ExifTest, SouthAndWestAreNegative)
{
  testutil::TempDir dir;
  const std::string jpg = testutil::writeTestPhoto(dir, "sw.jpg", gis::Point{-58.3816, -34.6037}, "");
  ASSERT_FALSE(jpg.empty());
  const gis::ExifInfo info = gis::readExif(jpg);
  ASSERT_TRUE(info.position.has_value());
  EXPECT_NEAR(info.position->x, -58.3816, 1e-7);
  EXPECT_NEAR(info.position->y, -34.6037, 1e-7);
  EXPECT_EQ(info.takenAt, "");
}

TEST(ExifTest, PhotoWithoutExifHasNoPositionOrDate)
{
  testutil::TempDir dir;
  const std::string jpg = testutil::writeTestPhoto(dir, "plain.jpg", std::nullopt, "");
  ASSERT_FALSE(jpg.empty());
  const gis::ExifInfo info = gis::readExif(jpg);
  EXPECT_FALSE(info.position.has_value());
  EXPECT_TRUE(info.takenAt.empty());
}

TEST(ExifTest, NotAJpegThrowsNamingTheFile)
{
  testutil::TempDir dir;
  const std::string path = dir.file("notes.jpg");
  std::ofstream(path) << "this is not a photo\n";
  try {
    gis::readExif(path);
    FAIL() << "no error for a text file";
  } catch (const gis::Error &e) {
    EXPECT_EQ(e.kind(), gis::Error::Kind::Gdal);
    EXPECT_NE(std::string(e.what()).find("notes.jpg"), std::string::npos) << e.what();
  }
}
