#include "gis/SpatialIndex.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using gis::Envelope;
using gis::SpatialIndex;

namespace {

std::vector<Envelope> randomBoxes(std::size_t n, std::mt19937 &rng, double maxSize)
{
  std::uniform_real_distribution<double> pos(121.45, 121.58), size(0, maxSize);
  std::vector<Envelope> boxes(n);
  for (Envelope &b : boxes) {
    b.minX = pos(rng);
    b.minY = pos(rng) - 90.47; // 30.98..31.11 N, the town
    b.maxX = b.minX + size(rng);
    b.maxY = b.minY + size(rng);
  }
  return boxes;
}

std::vector<std::uint32_t> bruteForce(const std::vector<Envelope> &boxes, const Envelope &q)
{
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < boxes.size(); ++i)
    if (boxes[i].intersects(q)) out.push_back(static_cast<std::uint32_t>(i));
  return out;
}

std::vector<std::uint32_t> sortedQuery(const SpatialIndex &index, const Envelope &q)
{
  std::vector<std::uint32_t> out;
  index.query(q, out);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST(SpatialIndexTest, MatchesBruteForceOnRandomBoxes)
{
  std::mt19937 rng(42);
  // Sizes around the node size and its powers exercise partly filled nodes and levels.
  for (std::size_t n : {1u, 2u, 15u, 16u, 17u, 255u, 256u, 257u, 4097u, 20000u}) {
    const std::vector<Envelope> boxes = randomBoxes(n, rng, 0.01);
    const SpatialIndex index(boxes);
    EXPECT_EQ(index.size(), n);
    std::size_t hits = 0;
    for (const Envelope &q : randomBoxes(200, rng, 0.03)) {
      const auto expected = bruteForce(boxes, q);
      hits += expected.size();
      ASSERT_EQ(sortedQuery(index, q), expected) << "n=" << n;
    }
    // The whole extent takes the shortcut for wholly covered nodes.
    ASSERT_EQ(sortedQuery(index, index.bounds()).size(), n);
    if (n > 1000) {
      EXPECT_GT(hits, 0u); // the queries are not all misses
    }
  }
}

TEST(SpatialIndexTest, BoundsTouchingAndWholeExtent)
{
  const std::vector<Envelope> boxes = {{0, 0, 1, 1}, {2, 2, 3, 3}, {1, 1, 2, 2}, {5, 5, 5, 5}};
  const SpatialIndex index(boxes);
  EXPECT_EQ(index.bounds(), (Envelope{0, 0, 5, 5}));
  EXPECT_EQ(sortedQuery(index, {1, 1, 1, 1}), (std::vector<std::uint32_t>{0, 2})); // corners touch
  EXPECT_EQ(sortedQuery(index, {5, 5, 6, 6}), (std::vector<std::uint32_t>{3}));    // a point box
  EXPECT_EQ(sortedQuery(index, {-1, -1, 10, 10}), (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_TRUE(sortedQuery(index, {3.5, 3.5, 4.5, 4.5}).empty());
  EXPECT_TRUE(sortedQuery(index, Envelope()).empty());
}

TEST(SpatialIndexTest, NullEnvelopesAreNeverReturned)
{
  std::mt19937 rng(3);
  std::vector<Envelope> boxes = randomBoxes(100, rng, 0.01);
  for (std::size_t i = 0; i < boxes.size(); i += 3)
    boxes[i] = Envelope();
  const SpatialIndex index(boxes);
  const Envelope everything{-180, -90, 180, 90};
  EXPECT_EQ(sortedQuery(index, everything), bruteForce(boxes, everything));
  EXPECT_EQ(sortedQuery(index, everything).size(), 66u);

  const SpatialIndex allNull(std::vector<Envelope>(40));
  EXPECT_TRUE(sortedQuery(allNull, everything).empty());
  const SpatialIndex none;
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(sortedQuery(none, everything).empty());
}

TEST(SpatialIndexTest, IdenticalBoxesAllFound)
{
  const std::vector<Envelope> boxes(1000, Envelope{121.5, 31.0, 121.5, 31.0});
  const SpatialIndex index(boxes);
  EXPECT_EQ(sortedQuery(index, {121.4, 30.9, 121.6, 31.1}).size(), 1000u);
}
