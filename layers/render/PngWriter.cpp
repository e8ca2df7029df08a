#include "layers/render/PngWriter.h"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <vector>

namespace layers {

namespace {

void put32(QByteArray &out, std::uint32_t v)
{
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
  out.append(b, 4);
}

void chunk(QByteArray &out, const char *type, const QByteArray &body)
{
  put32(out, static_cast<std::uint32_t>(body.size()));
  const qsizetype start = out.size();
  out.append(type, 4);
  out.append(body);
  const auto *p = reinterpret_cast<const Bytef *>(out.constData() + start);
  put32(out,
        static_cast<std::uint32_t>(crc32(crc32(0, nullptr, 0), p, static_cast<uInt>(out.size() - start))));
}

bool opaque(const QImage &img)
{
  if (!img.hasAlphaChannel()) return true;
  for (int y = 0; y < img.height(); ++y) {
    const auto *row = reinterpret_cast<const QRgb *>(img.constScanLine(y));
    for (int x = 0; x < img.width(); ++x)
      if (qAlpha(row[x]) != 255) return false;
  }
  return true;
}

// The zlib stream of the image's rows, each led by filter type 0 (none).
QByteArray deflateRows(const QImage &img, int channels)
{
  z_stream z{};
  if (deflateInit2(&z, 2, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  QByteArray out;
  out.resize(static_cast<qsizetype>(
      deflateBound(&z, static_cast<uLong>(img.height()) * (1 + static_cast<uLong>(img.width()) * channels))));
  z.next_out = reinterpret_cast<Bytef *>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  std::vector<unsigned char> row(1 + static_cast<std::size_t>(img.width()) * channels);
  for (int y = 0; y < img.height(); ++y) {
    const auto *px = reinterpret_cast<const QRgb *>(img.constScanLine(y));
    unsigned char *d = row.data();
    *d++ = 0;
    for (int x = 0; x < img.width(); ++x) {
      *d++ = static_cast<unsigned char>(qRed(px[x]));
      *d++ = static_cast<unsigned char>(qGreen(px[x]));
      *d++ = static_cast<unsigned char>(qBlue(px[x]));
      if (channels == 4) *d++ = static_cast<unsigned char>(qAlpha(px[x]));
    }
    z.next_in = row.data();
    z.avail_in = static_cast<uInt>(row.size());
    if (deflate(&z, y + 1 == img.height() ? Z_FINISH : Z_NO_FLUSH) == Z_STREAM_ERROR) {
      deflateEnd(&z);
      return {};
    }
  }
  out.resize(static_cast<qsizetype>(z.total_out));
  deflateEnd(&z);
  return out;
}

} // namespace

QByteArray encodePng(const QImage &image)
{
  if (image.isNull()) return {};
  const bool rgb = opaque(image);
  // Straight (not premultiplied) 8-bit channels, as PNG stores them; an opaque 32-bit image is
  // read as it is (premultiplied or not, its colours are the same).
  const bool direct =
      rgb && (image.format() == QImage::Format_RGB32 || image.format() == QImage::Format_ARGB32 ||
              image.format() == QImage::Format_ARGB32_Premultiplied);
  const QImage img =
      direct ? image : image.convertToFormat(rgb ? QImage::Format_RGB32 : QImage::Format_ARGB32);
  const int channels = rgb ? 3 : 4;
  const QByteArray idat = deflateRows(img, channels);
  if (idat.isEmpty()) return {};

  QByteArray out("\x89PNG\r\n\x1a\n", 8);
  QByteArray ihdr;
  put32(ihdr, static_cast<std::uint32_t>(img.width()));
  put32(ihdr, static_cast<std::uint32_t>(img.height()));
  ihdr.append(std::array<char, 5>{8, static_cast<char>(rgb ? 2 : 6), 0, 0, 0}.data(), 5);
  chunk(out, "IHDR", ihdr);
  if (img.dotsPerMeterX() > 0 && img.dotsPerMeterY() > 0) {
    QByteArray phys;
    put32(phys, static_cast<std::uint32_t>(img.dotsPerMeterX()));
    put32(phys, static_cast<std::uint32_t>(img.dotsPerMeterY()));
    phys.append('\x01'); // unit: metre
    chunk(out, "pHYs", phys);
  }
  chunk(out, "IDAT", idat);
  chunk(out, "IEND", {});
  return out;
}

} // namespace layers
