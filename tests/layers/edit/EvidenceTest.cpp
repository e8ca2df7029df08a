// Photo evidence: real JPEGs with EXIF (GDAL + exiftool), stored in a real sample project.
#include "layers/edit/Evidence.h"

#include "gis/Geodesic.h"
#include "gis/LinearRef.h"
#include "tests/common/SampleFixture.h"
#include "tests/common/TestPhotos.h"

#include <QImage>

#include <gtest/gtest.h>

#include <fstream>

namespace {

bool anyContains(const std::vector<std::string> &lines, const std::string &needle)
{
  for (const auto &l : lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

class EvidenceTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    store = data::openProject(testutil::sampleProjectCopy(dir));
    const auto toilets = store->features("toilets");
    ASSERT_FALSE(toilets.empty());
    toilet = toilets.front();
    for (const auto &f : store->features("rivers"))
      if (f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= 1000) {
        river = f;
        break;
      }
    ASSERT_GT(river.id, 0);
  }

  data::Event statusEvent(const std::string &date) const
  {
    data::Event e;
    e.featureId = toilet.id;
    e.kind = data::EventKind::Status;
    e.status = data::Status::Completed;
    e.date = date;
    e.user = "engineer1";
    return e;
  }

  testutil::TempDir dir;
  std::unique_ptr<data::Store> store;
  data::Feature toilet;
  data::Feature river;
};

} // namespace

TEST_F(EvidenceTest, LoadsPhotoWithThumbnailPositionAndTime)
{
  const gis::Point where = gis::geodesicDirect(toilet.geometry.asPoint(), 45, 30);
  const std::string jpg = testutil::writeTestPhoto(dir, "toilet.jpg", where, "2020:06:01 09:30:00");
  ASSERT_FALSE(jpg.empty());
  const data::Attachment photo = layers::loadPhoto(jpg);
  EXPECT_EQ(photo.fileName, "toilet.jpg");
  EXPECT_EQ(photo.mime, "image/jpeg");
  EXPECT_EQ(photo.data, testutil::readFile(jpg));
  ASSERT_TRUE(photo.position.has_value());
  EXPECT_LT(gis::geodesicDistance(*photo.position, where), 0.05);
  EXPECT_EQ(photo.takenAt, "2020-06-01T09:30:00");
  const QImage thumb = QImage::fromData(QByteArray::fromStdString(photo.thumbnail));
  ASSERT_FALSE(thumb.isNull());
  EXPECT_EQ(thumb.width(), 160); // 320×240 scaled to a 160 px longest side
  EXPECT_EQ(thumb.height(), 120);
  EXPECT_NEAR(layers::distanceToFeature(*photo.position, toilet), 30, 0.1);
  EXPECT_TRUE(layers::photoWarnings(photo, toilet, statusEvent("2020-06-01")).empty());
}

TEST_F(EvidenceTest, WarnsWhenThePhotoWasTakenFarFromTheSite)
{
  const gis::Point far = gis::geodesicDirect(toilet.geometry.asPoint(), 180, 500);
  const std::string jpg = testutil::writeTestPhoto(dir, "far.jpg", far, "2020:06:01 09:30:00");
  ASSERT_FALSE(jpg.empty());
  const auto photo = layers::loadPhoto(jpg);
  const auto warnings = layers::photoWarnings(photo, toilet, statusEvent("2020-06-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("far.jpg was taken 500 m from"), std::string::npos) << warnings[0];
  // A wider tolerance chosen by the user accepts it.
  layers::EvidenceOptions wide;
  wide.maxDistanceM = 600;
  EXPECT_TRUE(layers::photoWarnings(photo, toilet, statusEvent("2020-06-01"), wide).empty());
}

TEST_F(EvidenceTest, WarnsWhenThePhotoDateIsFarFromTheEventDate)
{
  const std::string jpg =
      testutil::writeTestPhoto(dir, "old.jpg", toilet.geometry.asPoint(), "2020:04:20 16:00:00");
  ASSERT_FALSE(jpg.empty());
  const auto photo = layers::loadPhoto(jpg);
  EXPECT_TRUE(layers::photoWarnings(photo, toilet, statusEvent("2020-04-25")).empty());
  const auto warnings = layers::photoWarnings(photo, toilet, statusEvent("2020-06-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("42 days"), std::string::npos) << warnings[0];
}

TEST_F(EvidenceTest, WarnsWhenThePhotoCannotBeChecked)
{
  const std::string jpg = testutil::writeTestPhoto(dir, "bare.jpg", std::nullopt, "");
  ASSERT_FALSE(jpg.empty());
  const auto warnings = layers::photoWarnings(layers::loadPhoto(jpg), toilet, statusEvent("2020-06-01"));
  EXPECT_TRUE(anyContains(warnings, "no GPS position"));
  EXPECT_TRUE(anyContains(warnings, "no date"));
}

TEST_F(EvidenceTest, StretchDistanceIsToTheMarkedStretchNotTheWholeRiver)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  const gis::Point nearStart = ref.pointAt(50);
  const std::string jpg = testutil::writeTestPhoto(dir, "start.jpg", nearStart, "2020:06:01 09:30:00");
  ASSERT_FALSE(jpg.empty());
  const auto photo = layers::loadPhoto(jpg);
  data::Event e;
  e.featureId = river.id;
  e.kind = data::EventKind::Stretch;
  e.fromM = 600;
  e.toM = 900;
  e.date = "2020-06-01";
  EXPECT_NEAR(layers::distanceToFeature(nearStart, river), 0, 0.5);
  EXPECT_GT(layers::distanceToFeature(nearStart, river, e.fromM, e.toM), 100);
  EXPECT_TRUE(anyContains(layers::photoWarnings(photo, river, e), "marked stretch"));
  e.fromM = 0;
  e.toM = 300;
  EXPECT_TRUE(layers::photoWarnings(photo, river, e).empty());
}

TEST_F(EvidenceTest, PhotosAreStoredWithTheirEventAndRefusedForALeader)
{
  const std::string jpg =
      testutil::writeTestPhoto(dir, "done.jpg", toilet.geometry.asPoint(), "2020:06:01 09:30:00");
  ASSERT_FALSE(jpg.empty());
  const auto photo = layers::loadPhoto(jpg);
  const auto event = store->appendEvent("engineer1", statusEvent("2020-06-01"));
  EXPECT_THROW(
      {
        try {
          layers::attachPhotos(*store, "leader1", event.uuid, {photo});
        } catch (const data::StoreError &e) {
          EXPECT_EQ(e.kind(), data::StoreError::Kind::Permission);
          EXPECT_NE(std::string(e.what()).find("leader1"), std::string::npos) << e.what();
          throw;
        }
      },
      data::StoreError);
  EXPECT_TRUE(store->attachments(event.uuid).empty());

  layers::attachPhotos(*store, "engineer1", event.uuid, {photo, photo});
  const auto stored = store->attachments(event.uuid);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].fileName, "done.jpg");
  EXPECT_EQ(stored[0].data, photo.data);
  EXPECT_EQ(stored[0].thumbnail, photo.thumbnail);
  EXPECT_EQ(stored[0].takenAt, photo.takenAt);
  ASSERT_TRUE(stored[0].position.has_value());
  EXPECT_LT(gis::geodesicDistance(*stored[0].position, *photo.position), 0.01);
}

TEST_F(EvidenceTest, NotAPhotoIsRefusedNamingTheFile)
{
  const std::string path = dir.file("report.jpg");
  std::ofstream(path) << "not a jpeg";
  try {
    layers::loadPhoto(path);
    FAIL() << "no error";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("report.jpg"), std::string::npos) << e.what();
  }
  EXPECT_THROW(layers::loadPhoto(dir.file("missing.jpg")), std::runtime_error);
}
