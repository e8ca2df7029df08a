// Render tests: the sample town against control images in tests/layers/render/control/ with a small
// pixel-difference budget, and the status colours where the data says they must be.
#include "data/store/Store.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "layers/render/Symbology.h"
#include "tests/common/SampleFixture.h"

#include <QDir>
#include <QImage>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace layers;

namespace {

const QString kControlDir = QStringLiteral(PLANMAP_SOURCE_DIR "/tests/layers/render/control/");

// Pixels whose channels differ by more than `threshold`, and the image size, compared.
struct Diff
{
  long differing = 0;
  long total = 0;
};

Diff compare(const QImage &a, const QImage &b, int threshold = 48)
{
  Diff d;
  const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
  d.total = static_cast<long>(x.width()) * x.height();
  for (int r = 0; r < x.height(); ++r) {
    const QRgb *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
    const QRgb *q = reinterpret_cast<const QRgb *>(y.constScanLine(r));
    for (int c = 0; c < x.width(); ++c)
      if (std::abs(qRed(p[c]) - qRed(q[c])) > threshold ||
          std::abs(qGreen(p[c]) - qGreen(q[c])) > threshold ||
          std::abs(qBlue(p[c]) - qBlue(q[c])) > threshold)
        ++d.differing;
  }
  return d;
}

// Compares with the control image; PLANMAP_UPDATE_CONTROL=1 writes it instead (a deliberate
// style change updates the control images in the same commit).
void expectMatchesControl(const QImage &image, const QString &name, double budget = 0.005)
{
  const QString path = kControlDir + name + QStringLiteral(".png");
  if (qEnvironmentVariableIntValue("PLANMAP_UPDATE_CONTROL") == 1) {
    QDir().mkpath(kControlDir);
    ASSERT_TRUE(image.save(path));
    return;
  }
  const QImage control(path);
  ASSERT_FALSE(control.isNull()) << "missing control image " << path.toStdString()
                                 << " (run with PLANMAP_UPDATE_CONTROL=1, look at it, commit it)";
  ASSERT_EQ(control.size(), image.size());
  const Diff d = compare(image, control);
  EXPECT_LE(d.differing, static_cast<long>(budget * d.total))
      << name.toStdString() << ": " << d.differing << " of " << d.total
      << " pixels differ; rendered image at /tmp/" << name.toStdString() << ".png";
  if (d.differing > budget * d.total) image.save(QStringLiteral("/tmp/") + name + QStringLiteral(".png"));
}

long countColour(const QImage &img, const QColor &c, int tolerance = 12)
{
  long n = 0;
  const QImage x = img.convertToFormat(QImage::Format_ARGB32);
  for (int r = 0; r < x.height(); ++r) {
    const QRgb *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
    for (int col = 0; col < x.width(); ++col)
      if (std::abs(qRed(p[col]) - c.red()) <= tolerance &&
          std::abs(qGreen(p[col]) - c.green()) <= tolerance &&
          std::abs(qBlue(p[col]) - c.blue()) <= tolerance)
        ++n;
  }
  return n;
}

class RenderTest : public ::testing::Test
{
protected:
  static void SetUpTestSuite()
  {
    dir = new testutil::TempDir;
    store = data::openProject(testutil::sampleProjectCopy(*dir)).release();
    data = new std::shared_ptr<const MapData>(MapData::fromStore(*store));
  }
  static void TearDownTestSuite()
  {
    delete data;
    delete store;
    delete dir;
  }

  static MapSettings fullView(QSize size)
  {
    MapSettings s;
    s.size = size;
    s.extent = (*data)->extent();
    return s;
  }

  // A partly done line of a tracked layer (the rivers), or null.
  static std::pair<const MapLayer *, std::size_t> partlyDoneRiver()
  {
    for (const MapLayer &l : (*data)->layers())
      if (l.kind() == GeometryKind::Line && l.tracked())
        for (std::size_t i = 0; i < l.size(); ++i)
          if (l.done().featureStart[i + 1] > l.done().featureStart[i] && l.feature(i).doneM > 200)
            return {&l, i};
    return {nullptr, 0};
  }

  static testutil::TempDir *dir;
  static data::Store *store;
  static std::shared_ptr<const MapData> *data;
};

testutil::TempDir *RenderTest::dir = nullptr;
data::Store *RenderTest::store = nullptr;
std::shared_ptr<const MapData> *RenderTest::data = nullptr;

} // namespace

TEST_F(RenderTest, SampleTownByStatusMatchesControl)
{
  const QImage img = MapRenderer(*data, fullView(QSize(640, 480))).renderImage();
  ASSERT_FALSE(img.isNull());
  expectMatchesControl(img, QStringLiteral("sample_status"));
}

TEST_F(RenderTest, WaterQualityThemeMatchesControl)
{
  MapSettings s = fullView(QSize(640, 480));
  s.theme = Theme::WaterQuality;
  s.legend = true;
  s.chinese = false;
  const QImage img = MapRenderer(*data, s).renderImage();
  expectMatchesControl(img, QStringLiteral("sample_water_quality"));
  // Every water class present in the data shows up in the picture.
  EXPECT_GT(countColour(img, Symbology::waterClassColour(WaterClass::WorseThanV)), 0);
}

TEST_F(RenderTest, PartlyDoneRiverShowsItsCompletedStretchOverTheRest)
{
  const auto [layer, i] = partlyDoneRiver();
  ASSERT_NE(layer, nullptr) << "the sample has no partly done river";
  MapSettings s;
  s.size = QSize(400, 400);
  const gis::Envelope e = layer->envelope(i);
  s.extent = gis::Envelope{e.minX - 20, e.minY - 20, e.maxX + 20, e.maxY + 20};
  s.labels = false;
  s.decorations = false;
  s.layerStyles[layer->id()] = LayerStyle{};
  for (const MapLayer &other : (*data)->layers())
    if (&other != layer) s.layerStyles[other.id()].visible = false;
  const QImage img = MapRenderer(*data, s).renderImage();
  const long done = countColour(img, Symbology::statusColour(data::Status::Completed));
  const long rest = countColour(img, Symbology::statusColour(data::Status::InProgress));
  EXPECT_GT(done, 20) << "completed stretch not drawn";
  EXPECT_GT(rest, 20) << "the undone rest of the river not drawn";
  // The share of completed pixels follows the share of completed length, roughly.
  const double share = layer->feature(i).doneM / layer->feature(i).lengthM;
  EXPECT_NEAR(double(done) / double(done + rest), share, 0.3);
}

TEST_F(RenderTest, AnEarlierDateShowsLessDone)
{
  MapSettings s = fullView(QSize(480, 360));
  s.labels = false;
  const auto early = MapData::fromStore(*store, "2020-06-15");
  const long doneNow =
      countColour(MapRenderer(*data, s).renderImage(), Symbology::statusColour(data::Status::Completed));
  const long doneEarly =
      countColour(MapRenderer(early, s).renderImage(), Symbology::statusColour(data::Status::Completed));
  EXPECT_GT(doneNow, doneEarly);
  const long plannedEarly =
      countColour(MapRenderer(early, s).renderImage(), Symbology::statusColour(data::Status::Planned));
  const long plannedNow =
      countColour(MapRenderer(*data, s).renderImage(), Symbology::statusColour(data::Status::Planned));
  EXPECT_GT(plannedEarly, plannedNow);
}

TEST_F(RenderTest, HiddenLayersAreNotDrawn)
{
  MapSettings s = fullView(QSize(320, 240));
  s.labels = false;
  s.decorations = false;
  for (const MapLayer &l : (*data)->layers())
    s.layerStyles[l.id()].visible = false;
  const QImage img = MapRenderer(*data, s).renderImage();
  EXPECT_EQ(countColour(img, MapRenderer::background(), 0), long(img.width()) * img.height());
}

TEST_F(RenderTest, ARaisedCancelFlagGivesNoImage)
{
  std::atomic_bool cancel{true};
  EXPECT_TRUE(MapRenderer(*data, fullView(QSize(320, 240))).renderImage(&cancel).isNull());
}

TEST_F(RenderTest, SelectionIsOutlinedInTheHighlightColour)
{
  MapSettings s = fullView(QSize(480, 360));
  s.labels = false;
  const long before = countColour(MapRenderer(*data, s).renderImage(), Symbology::highlightColour());
  const auto [layer, i] = partlyDoneRiver();
  ASSERT_NE(layer, nullptr);
  s.selection = {layer->feature(i).id};
  const long after = countColour(MapRenderer(*data, s).renderImage(), Symbology::highlightColour());
  EXPECT_EQ(before, 0);
  EXPECT_GT(after, 5);
}
