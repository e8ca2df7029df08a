// FrameImagePool: frame images reuse the previous frame's buffers, a resize drops the old ones,
// images may outlive the pool, and a frame drawn into a reused (dirty) buffer is the same picture
// as one drawn into a fresh image — for a one-image frame, a frame cut into bands drawn straight
// into the output, and a frame with a half-transparent layer composited from its own image.
#include "layers/render/MapRendererPool.h"
#include "data/store/Store.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "tests/common/SampleFixture.h"

#include <QThreadPool>

#include <gtest/gtest.h>

#include <memory>

using namespace layers;

TEST(MapRendererPoolTest, AFreedImageIsTheNextFramesBuffer)
{
  FrameImagePool pool;
  const uchar *first = nullptr;
  {
    QImage a = pool.take(QSize(64, 32));
    ASSERT_FALSE(a.isNull());
    EXPECT_EQ(a.size(), QSize(64, 32));
    EXPECT_EQ(a.format(), QImage::Format_ARGB32_Premultiplied);
    a.fill(Qt::red);
    first = a.constBits();
    EXPECT_EQ(pool.bytesInUse(), 64u * 32 * 4);
    const QImage copy = a; // shares the buffer: it goes back only when both are gone
    a = QImage();
    EXPECT_EQ(pool.bytesFree(), 0u);
    EXPECT_EQ(copy.pixelColor(3, 3), QColor(Qt::red));
  }
  EXPECT_EQ(pool.bytesInUse(), 0u);
  EXPECT_EQ(pool.bytesFree(), 64u * 32 * 4);
  {
    const QImage b = pool.take(QSize(64, 32));
    EXPECT_EQ(b.constBits(), first);
    const QImage c = pool.take(QSize(64, 32)); // two at once: a second buffer
    EXPECT_NE(c.constBits(), first);
    EXPECT_EQ(pool.mapCount(), 2u);
  }
  EXPECT_EQ(pool.bytesFree(), 2u * 64 * 32 * 4);
  // A resize: the old size's buffers are unmapped, not kept beside the new ones.
  {
    const QImage d = pool.take(QSize(80, 30));
    EXPECT_EQ(pool.bytesFree(), 0u);
    EXPECT_EQ(pool.bytesInUse(), 80u * 30 * 4);
  }
  EXPECT_EQ(pool.bytesFree(), 80u * 30 * 4);
  pool.releaseFree();
  EXPECT_EQ(pool.bytesFree(), 0u);
}

TEST(MapRendererPoolTest, IdleBuffersAreReleasedAndImagesMayOutliveThePool)
{
  FrameImagePool pool(std::chrono::milliseconds(0)); // nothing is kept once idle
  {
    const QImage a = pool.take(QSize(16, 16));
  }
  {
    const QImage b = pool.take(QSize(16, 16));
  }
  EXPECT_EQ(pool.bytesFree(), 0u);
  EXPECT_EQ(pool.mapCount(), 2u);

  QImage survivor;
  {
    FrameImagePool shortLived;
    survivor = shortLived.take(QSize(20, 10));
    survivor.fill(Qt::blue);
  }
  // Still the image's own pixels, writable, freed when it goes.
  survivor.setPixelColor(1, 1, Qt::green);
  EXPECT_EQ(survivor.pixelColor(0, 0), QColor(Qt::blue));
  EXPECT_EQ(survivor.pixelColor(1, 1), QColor(Qt::green));
}

namespace {

// Two frames from one pool (the second into the first's dirty buffer) against a fresh image.
void expectSameFrames(const std::shared_ptr<const MapData> &data, const MapSettings &s)
{
  const QImage fresh = MapRenderer(data, s).renderImage();
  ASSERT_FALSE(fresh.isNull());
  FrameImagePool pool;
  for (int frame = 0; frame < 2; ++frame) {
    const QImage pooled = MapRenderer(data, s).renderImage(nullptr, &pool);
    ASSERT_FALSE(pooled.isNull());
    EXPECT_EQ(pooled.dotsPerMeterX(), fresh.dotsPerMeterX());
    // The returned image is the pool's buffer (not a copy made when its metadata was set).
    EXPECT_GE(pool.bytesInUse(), static_cast<std::size_t>(pooled.sizeInBytes()));
    EXPECT_TRUE(pooled == fresh) << "frame " << frame;
  }
  EXPECT_LE(pool.mapCount(), static_cast<std::size_t>(QThreadPool::globalInstance()->maxThreadCount()) + 2);
}

} // namespace

TEST(MapRendererPoolTest, APooledFrameOfTheSampleTownIsTheFreshOne)
{
  testutil::TempDir dir;
  const auto data = MapData::fromStore(*data::openProject(testutil::sampleProjectCopy(dir)));
  MapSettings s;
  s.size = QSize(640, 400);
  s.extent = data->extent();
  expectSameFrames(data, s);
  // A half-transparent layer is drawn into an image of its own and composited.
  s.layerStyles[data->layers().front().id()].opacity = 0.5;
  expectSameFrames(data, s);
}

// 120,000 sites: a heavy frame of small features, cut into one band a thread drawn in place.
TEST(MapRendererPoolTest, AFrameDrawnInBandsIsTheSameFromAReusedBuffer)
{
  data::LayerDef def{"sites", "点", "sites", "Point", true, 0, {}};
  MapLayer layer(def, GeometryKind::Point);
  for (int i = 0; i < 120000; ++i) {
    MapFeature f;
    f.id = i + 1;
    f.status = static_cast<data::Status>(i % 4);
    layer.addFeature(f, {{{(i % 400) * 25.0, (i / 400) * 30.0}}});
  }
  std::vector<MapLayer> layers;
  layers.push_back(std::move(layer));
  const auto data = std::make_shared<const MapData>(4549, std::move(layers));
  MapSettings s;
  s.size = QSize(600, 500);
  s.extent = data->extent();
  s.labels = false;
  expectSameFrames(data, s);
}
