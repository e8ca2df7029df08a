#include "layers/render/PngWriter.h"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <future>
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
  const int width = img.width(), height = img.height();
  for (int y = 0; y < height; ++y) {
    const auto *row = reinterpret_cast<const QRgb *>(img.constScanLine(y));
    for (int x = 0; x < width; ++x)
      if (qAlpha(row[x]) != 255) return false;
  }
  return true;
}

// Raw deflate data (no zlib header) of rows [y0, y1), each led by filter type 0 (none), and the
// Adler-32 of those bytes. A part that is not the last ends on a byte boundary (full flush), so
// parts compressed on their own threads can be joined (as pigz does).
struct Deflated
{
  QByteArray data;
  uLong adler = 1;
  uLong length = 0;
};

Deflated deflateRows(const QImage &img, int channels, int y0, int y1, bool last)
{
  Deflated out;
  z_stream z{};
  if (deflateInit2(&z, 2, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return out;
  const int width = img.width();
  std::vector<unsigned char> row(1 + static_cast<std::size_t>(width) * channels);
  out.data.resize(static_cast<qsizetype>(deflateBound(&z, static_cast<uLong>(y1 - y0) * row.size()) + 16));
  z.next_out = reinterpret_cast<Bytef *>(out.data.data());
  z.avail_out = static_cast<uInt>(out.data.size());
  for (int y = y0; y < y1; ++y) {
    const auto *px = reinterpret_cast<const QRgb *>(img.constScanLine(y));
    unsigned char *d = row.data();
    *d++ = 0;
    for (int x = 0; x < width; ++x) {
      *d++ = static_cast<unsigned char>(qRed(px[x]));
      *d++ = static_cast<unsigned char>(qGreen(px[x]));
      *d++ = static_cast<unsigned char>(qBlue(px[x]));
      if (channels == 4) *d++ = static_cast<unsigned char>(qAlpha(px[x]));
    }
    out.adler = adler32(out.adler, row.data(), static_cast<uInt>(row.size()));
    out.length += row.size();
    z.next_in = row.data();
    z.avail_in = static_cast<uInt>(row.size());
    const int flush = y + 1 < y1 ? Z_NO_FLUSH : last ? Z_FINISH : Z_FULL_FLUSH;
    if (deflate(&z, flush) == Z_STREAM_ERROR || z.avail_in != 0) {
      deflateEnd(&z);
      return {};
    }
  }
  out.data.resize(static_cast<qsizetype>(z.total_out));
  deflateEnd(&z);
  return out;
}

// The zlib stream of the image's rows, the lower half compressed on another thread.
QByteArray zlibRows(const QImage &img, int channels)
{
  const int half = img.height() / 2;
  std::future<Deflated> lower = std::async(std::launch::async, [&img, channels, half] {
    return deflateRows(img, channels, half, img.height(), true);
  });
  const Deflated upper = deflateRows(img, channels, 0, half, false);
  const Deflated rest = lower.get();
  if ((half > 0 && upper.data.isEmpty()) || rest.data.isEmpty()) return {};
  QByteArray out("\x78\x01", 2); // deflate, 32K window, fastest-level hint
  out += upper.data;
  out += rest.data;
  put32(out, static_cast<std::uint32_t>(
                 adler32_combine(upper.adler, rest.adler, static_cast<z_off_t>(rest.length))));
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
  const QByteArray idat = zlibRows(img, channels);
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
