// The village choropleth (Theme::VillageProgress): villages are filled by their share done on a
// sequential ramp, villages without a figure are grey, and the legend lists the classes.
#include "data/store/Store.h"
#include "layers/render/MapData.h"
#include "layers/render/MapRenderer.h"
#include "layers/render/Symbology.h"
#include "tests/common/SampleFixture.h"

#include <QImage>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace layers;

namespace {

// The colour a fill of `c` (with its alpha) gives over the map background.
QColor overBackground(const QColor &c)
{
  const QColor bg = MapRenderer::background();
  const double a = c.alphaF();
  return QColor::fromRgbF(static_cast<float>(a * c.redF() + (1 - a) * bg.redF()),
                          static_cast<float>(a * c.greenF() + (1 - a) * bg.greenF()),
                          static_cast<float>(a * c.blueF() + (1 - a) * bg.blueF()));
}

bool near(const QColor &a, const QColor &b, int tolerance = 6)
{
  return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
         std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

TEST(VillageTheme, ClassesAndColours)
{
  EXPECT_EQ(Symbology::villageShareClass(0.0), 0);
  EXPECT_EQ(Symbology::villageShareClass(0.19), 0);
  EXPECT_EQ(Symbology::villageShareClass(0.2), 1);
  EXPECT_EQ(Symbology::villageShareClass(0.99), 4);
  EXPECT_EQ(Symbology::villageShareClass(1.0), 4);
  // Sequential: each class darker than the one before; "no figure" differs from all of them.
  for (int c = 1; c < Symbology::kVillageClasses; ++c)
    EXPECT_LT(Symbology::villageShareColour((c + 0.5) / 5).lightness(),
              Symbology::villageShareColour((c - 0.5) / 5).lightness());
  for (int c = 0; c < Symbology::kVillageClasses; ++c)
    EXPECT_NE(Symbology::villageShareColour((c + 0.5) / 5), Symbology::villageShareColour(std::nullopt));
  EXPECT_EQ(Symbology::villageShareLabel(4, false), QStringLiteral("80–100 %"));
}

TEST(VillageTheme, VillagesAreFilledByShareAndTheLegendListsTheClasses)
{
  testutil::TempDir dir;
  auto store = data::openProject(testutil::sampleProjectCopy(dir));
  const auto data = MapData::fromStore(*store);
  const MapLayer *villages = data->layer("villages");
  ASSERT_NE(villages, nullptr);
  ASSERT_GE(villages->size(), 3u);

  MapSettings s;
  s.size = QSize(640, 480);
  s.extent = data->extent();
  s.labels = false;
  s.decorations = false;
  for (const MapLayer &l : data->layers())
    s.layerStyles[l.id()].visible = l.id() == "villages";
  s.theme = Theme::VillageProgress;
  const MapFeature &low = villages->feature(0), &high = villages->feature(1), &none = villages->feature(2);
  s.villageShare[low.id] = 0.1;
  s.villageShare[high.id] = 0.95;

  const QImage img = MapRenderer(data, s).renderImage().convertToFormat(QImage::Format_ARGB32);
  ASSERT_FALSE(img.isNull());
  auto pixelAt = [&](const MapFeature &f) {
    const QPointF p = s.toPixel(f.labelPoint);
    return img.pixelColor(p.toPoint());
  };
  auto expected = [](std::optional<double> share) {
    QColor c = Symbology::villageShareColour(share);
    c.setAlpha(220);
    return overBackground(c);
  };
  EXPECT_TRUE(near(pixelAt(low), expected(0.1))) << pixelAt(low).name().toStdString();
  EXPECT_TRUE(near(pixelAt(high), expected(0.95))) << pixelAt(high).name().toStdString();
  EXPECT_TRUE(near(pixelAt(none), expected(std::nullopt))) << pixelAt(none).name().toStdString();

  // The status theme does not fill them so.
  s.theme = Theme::Status;
  const QImage plain = MapRenderer(data, s).renderImage().convertToFormat(QImage::Format_ARGB32);
  EXPECT_FALSE(near(plain.pixelColor(s.toPixel(high.labelPoint).toPoint()), expected(0.95)));

  s.theme = Theme::VillageProgress;
  s.chinese = false;
  bool found = false;
  for (const LegendGroup &g : Symbology(*data).legend(*data, s)) {
    if (g.title != QStringLiteral("Share done by village")) continue;
    found = true;
    ASSERT_EQ(g.items.size(), 6u);
    EXPECT_EQ(g.items.front().label, QStringLiteral("80–100 %"));
    EXPECT_EQ(g.items.back().label, QStringLiteral("no located target"));
  }
  EXPECT_TRUE(found);
}
