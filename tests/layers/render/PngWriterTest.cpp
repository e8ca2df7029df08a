// The map's PNG encoder: what Qt (libpng) reads back is the image, pixel for pixel, with its
// resolution; opaque maps as RGB, anything with transparency as RGBA.
#include "layers/render/PngWriter.h"

#include <QPainter>
#include <QRandomGenerator>

#include <gtest/gtest.h>

namespace {

// A map-like image: flat background, antialiased lines, noise in one corner.
QImage testImage(QColor background)
{
  QImage img(301, 157, QImage::Format_ARGB32_Premultiplied);
  img.fill(background);
  QPainter p(&img);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(QColor(31, 120, 180, 200), 1.5));
  for (int i = 0; i < 40; ++i)
    p.drawLine(QPointF(i * 7.3, 0), QPointF(300 - i * 3.1, 156));
  p.end();
  QRandomGenerator rng(7);
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 30; ++x)
      img.setPixel(x, y,
                   qPremultiply(qRgba(rng.bounded(256), rng.bounded(256), rng.bounded(256),
                                      background.alpha() == 255 ? 255 : rng.bounded(256))));
  img.setDotsPerMeterX(3780);
  img.setDotsPerMeterY(3780);
  return img;
}

} // namespace

TEST(PngWriterTest, OpaqueImageReadsBackAsRgbPixelForPixel)
{
  const QImage img = testImage(QColor(244, 243, 238));
  const QByteArray png = layers::encodePng(img);
  ASSERT_FALSE(png.isEmpty());
  EXPECT_EQ(png[25], 2) << "colour type RGB";
  const QImage back = QImage::fromData(png, "PNG");
  ASSERT_FALSE(back.isNull());
  EXPECT_FALSE(back.hasAlphaChannel());
  EXPECT_EQ(back.dotsPerMeterX(), 3780);
  EXPECT_EQ(back.dotsPerMeterY(), 3780);
  EXPECT_EQ(back.convertToFormat(QImage::Format_RGB32), img.convertToFormat(QImage::Format_RGB32));
}

TEST(PngWriterTest, TransparentImageKeepsItsAlpha)
{
  const QImage img = testImage(QColor(0, 0, 0, 0));
  const QByteArray png = layers::encodePng(img);
  ASSERT_FALSE(png.isEmpty());
  EXPECT_EQ(png[25], 6) << "colour type RGBA";
  const QImage back = QImage::fromData(png, "PNG");
  ASSERT_FALSE(back.isNull());
  EXPECT_TRUE(back.hasAlphaChannel());
  EXPECT_EQ(back.convertToFormat(QImage::Format_ARGB32), img.convertToFormat(QImage::Format_ARGB32));
}

TEST(PngWriterTest, NullImageGivesNothingAndOneRowIsAnImage)
{
  EXPECT_TRUE(layers::encodePng(QImage()).isEmpty());
  QImage one(3, 1, QImage::Format_ARGB32_Premultiplied); // one half of no rows, the other of one
  one.fill(QColor(10, 20, 30));
  const QImage back = QImage::fromData(layers::encodePng(one), "PNG");
  ASSERT_FALSE(back.isNull());
  EXPECT_EQ(back.convertToFormat(QImage::Format_RGB32), one.convertToFormat(QImage::Format_RGB32));
}
