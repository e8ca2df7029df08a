#pragma once

#include <QByteArray>
#include <QImage>

namespace layers {

// Encodes a map image as PNG for export, several times faster than QImage::save: rows unfiltered
// and zlib at level 2, the two halves of the image compressed on two threads. A map's large flat areas
// compress better without libpng's per-row filter choice (which was most of Qt's encoding time), so files
// come out smaller too. An opaque image is written as RGB, anything else as RGBA (straight alpha); the
// resolution goes into pHYs as Qt's writer puts it. Returns an empty array for a null image.
QByteArray encodePng(const QImage &image);

} // namespace layers
