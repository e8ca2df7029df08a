#pragma once

#include <QImage>
#include <QSize>

#include <chrono>
#include <cstddef>
#include <memory>

namespace layers {

// Pixel buffers for the raster renderer's frame images, reused from one frame to the next.
//
// A frame at 1920x1080 takes an 8 MB output image (and one more a layer group drawn on another
// thread). Allocated with malloc, freed images stay in glibc's heap once its dynamic mmap threshold
// has risen (the resident size grows by several images); allocated with mmap, every frame pays the
// page faults and zero fill of fresh pages (the sample town's 20 ms frame took 48 ms). The pool maps
// each buffer once and hands it out again: an image it gives keeps its buffer until the last copy
// of the image is gone (on any thread), then the buffer goes back to the pool for the next frame.
// Buffers of another size than the last one asked for are unmapped (a resize), and so are free
// buffers not taken again for `idleRelease`, checked whenever an image is taken or given back,
// and by releaseFree().
//
// Owned by whoever draws frame after frame (the map canvas, a benchmark) and passed to
// MapRenderer::renderImage; thread-safe. Images may outlive the pool (their buffers are then
// unmapped when they go).
class FrameImagePool
{
public:
  explicit FrameImagePool(std::chrono::milliseconds idleRelease = std::chrono::seconds(10));
  ~FrameImagePool();
  FrameImagePool(const FrameImagePool &) = delete;
  FrameImagePool &operator=(const FrameImagePool &) = delete;

  // An image whose pixels (undefined: the caller fills it) live in a pool buffer.
  QImage take(const QSize &size, QImage::Format format = QImage::Format_ARGB32_Premultiplied);
  // Unmaps every buffer no image holds.
  void releaseFree();

  std::size_t bytesFree() const;  // mapped and waiting for the next frame
  std::size_t bytesInUse() const; // held by images
  std::size_t mapCount() const;   // buffers mapped so far (a frame that reuses maps none)

  struct State;

private:
  std::shared_ptr<State> mState;
};

} // namespace layers
