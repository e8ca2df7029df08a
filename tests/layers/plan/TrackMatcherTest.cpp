// GPS track → river stretches, on the real sample project with GPX files read through OGR.
#include "layers/plan/TrackMatcher.h"

#include "data/store/Store.h"
#include "gis/Geodesic.h"
#include "tests/common/SampleFixture.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

namespace {

// Writes a GPX 1.1 file with one track of one segment.
void writeGpx(const std::string &path, const gis::LineString &points)
{
  std::ofstream out(path);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gpx version=\"1.1\" creator=\"planmap-test\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
         "<trk><name>inspection</name><trkseg>\n";
  char buf[128];
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::snprintf(buf, sizeof buf,
                  "<trkpt lat=\"%.8f\" lon=\"%.8f\"><time>2020-06-01T08:%02zu:%02zuZ</time></trkpt>\n",
                  points[i].y, points[i].x, (i / 60) % 60, i % 60);
    out << buf;
  }
  out << "</trkseg></trk>\n</gpx>\n";
}

// A walk along the river from chainage `from` to `to`, `offset` metres to its left, one point every
// 5 m with up to ±noise metres of error in each direction; it comes in and leaves at right angles
// from 80 m away, as a walker reaches the bank from a road.
gis::LineString walkAlong(const gis::LinearRef &river, double from, double to, double offset, double noise,
                          unsigned seed)
{
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-noise, noise);
  auto noisy = [&](gis::Point p) {
    p = gis::geodesicDirect(p, 90, jitter(rng));
    return gis::geodesicDirect(p, 0, jitter(rng));
  };
  auto leftOf = [&](double chainage, double distance) {
    const gis::Point on = river.pointAt(chainage);
    const gis::Point ahead = river.pointAt(std::min(chainage + 1, river.length()));
    const gis::Point behind = river.pointAt(std::max(chainage - 1, 0.0));
    return gis::geodesicDirect(on, gis::geodesicAzimuth(behind, ahead) - 90, distance);
  };
  gis::LineString walk;
  for (double d = 80; d > offset; d -= 5)
    walk.push_back(noisy(leftOf(from, d)));
  for (double c = from; c <= to; c += 5)
    walk.push_back(noisy(leftOf(c, offset)));
  for (double d = offset; d <= 80; d += 5)
    walk.push_back(noisy(leftOf(to, d)));
  return walk;
}

class TrackMatcherTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    auto store = data::openProject(testutil::sampleProjectCopy(dir));
    rivers = store->features("rivers");
    for (const auto &f : rivers)
      if (f.geometry.type() == gis::Geometry::Type::LineString && f.lengthM >= 800) {
        river = f;
        break;
      }
    ASSERT_GT(river.id, 0) << "the sample has no single-line river of 800 m";
  }

  std::vector<layers::ProposedStretch> proposalsFor(const std::vector<layers::ProposedStretch> &all) const
  {
    std::vector<layers::ProposedStretch> out;
    for (const auto &p : all)
      if (p.featureId == river.id) out.push_back(p);
    return out;
  }

  testutil::TempDir dir;
  std::vector<data::Feature> rivers;
  data::Feature river;
};

} // namespace

TEST_F(TrackMatcherTest, NoisyWalkAlongAStretchProposesThatStretch)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  const double from = 200, to = 600;
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::string gpx = dir.file("walk" + std::to_string(seed) + ".gpx");
    writeGpx(gpx, walkAlong(ref, from, to, 0, 5, seed));
    const auto proposals = proposalsFor(layers::TrackMatcher(rivers).match(layers::readTrack(gpx)));
    ASSERT_EQ(proposals.size(), 1u) << "seed " << seed;
    EXPECT_NEAR(proposals[0].fromM, from, 10) << "seed " << seed;
    EXPECT_NEAR(proposals[0].toM, to, 10) << "seed " << seed;
    EXPECT_EQ(proposals[0].code, river.code);
  }
}

TEST_F(TrackMatcherTest, WalkOnTheBankWithinTheDistanceCounts)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  writeGpx(dir.file("bank.gpx"), walkAlong(ref, 100, 500, 10, 3, 7));
  const auto proposals =
      proposalsFor(layers::TrackMatcher(rivers).match(layers::readTrack(dir.file("bank.gpx"))));
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_NEAR(proposals[0].fromM, 100, 10);
  EXPECT_NEAR(proposals[0].toM, 500, 10);
}

TEST_F(TrackMatcherTest, WalkBesideTheRiverFartherThanTheDistanceProposesNothingOnIt)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  writeGpx(dir.file("road.gpx"), walkAlong(ref, 100, 700, 60, 5, 11));
  const auto track = layers::readTrack(dir.file("road.gpx"));
  EXPECT_TRUE(proposalsFor(layers::TrackMatcher(rivers).match(track)).empty());
  // The same walk counts when the user allows a wider distance.
  layers::TrackOptions wide;
  wide.distanceM = 75;
  EXPECT_EQ(proposalsFor(layers::TrackMatcher(rivers, wide).match(track)).size(), 1u);
}

TEST_F(TrackMatcherTest, WalkFarFromEveryRiverProposesNothing)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  gis::LineString walk = walkAlong(ref, 100, 700, 0, 5, 5);
  for (auto &p : walk)
    p.x -= 0.25; // west of the Huangpu, outside the town
  writeGpx(dir.file("away.gpx"), walk);
  EXPECT_TRUE(layers::TrackMatcher(rivers).match(layers::readTrack(dir.file("away.gpx"))).empty());
}

TEST_F(TrackMatcherTest, CrossingARiverIsShorterThanTheMinimumLength)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  // Across at chainage 400, at 60° to the river: within 15 m of it for about 17 m of chainage.
  const gis::Point on = ref.pointAt(400);
  const double azimuth = gis::geodesicAzimuth(ref.pointAt(399), ref.pointAt(401));
  gis::LineString walk;
  for (double d = -80; d <= 80; d += 2)
    walk.push_back(gis::geodesicDirect(on, azimuth + 60, d));
  writeGpx(dir.file("cross.gpx"), walk);
  const auto track = layers::readTrack(dir.file("cross.gpx"));
  EXPECT_TRUE(proposalsFor(layers::TrackMatcher(rivers).match(track)).empty());
  layers::TrackOptions shortOnes;
  shortOnes.minLengthM = 10;
  EXPECT_EQ(proposalsFor(layers::TrackMatcher(rivers, shortOnes).match(track)).size(), 1u);
}

TEST(ReadTrackTest, PointFilesBecomeOnePathInOrder)
{
  testutil::TempDir dir;
  const std::string path = dir.file("points.geojson");
  std::ofstream(path) << R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.50,31.05]}},
    {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.51,31.05]}},
    {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.52,31.06]}}]})";
  const auto track = layers::readTrack(path);
  ASSERT_EQ(track.size(), 1u);
  EXPECT_EQ(track[0], (gis::LineString{{121.50, 31.05}, {121.51, 31.05}, {121.52, 31.06}}));
}

TEST(ReadTrackTest, BadFilesThrowNamingTheFile)
{
  testutil::TempDir dir;
  const std::string missing = dir.file("missing.gpx");
  try {
    layers::readTrack(missing);
    FAIL() << "no error for a missing file";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("missing.gpx"), std::string::npos) << e.what();
  }
  const std::string empty = dir.file("empty.gpx");
  std::ofstream(empty)
      << "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\" "
         "xmlns=\"http://www.topografix.com/GPX/1/1\"><wpt lat=\"31\" lon=\"121.5\"/></gpx>\n";
  try {
    layers::readTrack(empty);
    FAIL() << "no error for a GPX without a track";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("empty.gpx"), std::string::npos) << e.what();
  }
}

TEST_F(TrackMatcherTest, WalkOfAWholeRiverWithNoiseCompletesIt)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  for (unsigned seed : {4u, 8u, 9u}) {
    writeGpx(dir.file("whole.gpx"), walkAlong(ref, 0, ref.length(), 0, 5, seed));
    const auto proposals =
        proposalsFor(layers::TrackMatcher(rivers).match(layers::readTrack(dir.file("whole.gpx"))));
    ASSERT_EQ(proposals.size(), 1u) << "seed " << seed;
    // Ends within the match distance of the river's ends are the river's ends, and say so.
    EXPECT_EQ(proposals[0].fromM, 0) << "seed " << seed;
    EXPECT_EQ(proposals[0].toM, ref.length()) << "seed " << seed;
    EXPECT_EQ(proposals[0].lengthM(), proposals[0].lineLengthM) << "seed " << seed;
  }
}

TEST_F(TrackMatcherTest, EndsFarFromTheRiverEndsStayWhereTheWalkEnded)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  writeGpx(dir.file("part.gpx"), walkAlong(ref, 30, ref.length() - 30, 0, 3, 12));
  const auto proposals =
      proposalsFor(layers::TrackMatcher(rivers).match(layers::readTrack(dir.file("part.gpx"))));
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_GT(proposals[0].fromM, 15);
  EXPECT_LT(proposals[0].toM, ref.length() - 15);
  EXPECT_FALSE(proposals[0].extendedFrom);
  EXPECT_FALSE(proposals[0].extendedTo);
}

TEST_F(TrackMatcherTest, TheWalksDateIsItsLastPointsDate)
{
  const gis::LinearRef ref(river.geometry.asLineString());
  writeGpx(dir.file("dated.gpx"), walkAlong(ref, 100, 300, 0, 2, 3));
  // writeGpx times its points 2020-06-01 from 08:00 UTC; the day is the same in any zone of China.
  EXPECT_EQ(layers::readTrackDate(dir.file("dated.gpx")), "2020-06-01");
  // A file without times has no date: the caller keeps its own default.
  std::ofstream(dir.file("plain.geojson"))
      << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
         R"("geometry":{"type":"LineString","coordinates":[[121.5,31.0],[121.51,31.0]]}}]})";
  EXPECT_EQ(layers::readTrackDate(dir.file("plain.geojson")), "");
}
