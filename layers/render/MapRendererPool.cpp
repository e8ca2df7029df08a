#include "layers/render/MapRendererPool.h"

#include <mutex>
#include <new>
#include <vector>

#if defined(__unix__)
#include <sys/mman.h>
#endif

namespace layers {

namespace {

// Whole pages straight from the kernel, so that unmapping gives them back (malloc would keep them).
void *mapBuffer(std::size_t bytes)
{
#if defined(__unix__)
  void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
#else
  return ::operator new(bytes, std::align_val_t(64));
#endif
}

void unmapBuffer(void *p, std::size_t bytes)
{
#if defined(__unix__)
  munmap(p, bytes);
#else
  (void)bytes;
  ::operator delete(p, std::align_val_t(64));
#endif
}

// Free buffers kept at most: a frame takes one output image and one a layer group (about one a
// core), and the previous output is still shown while the next is drawn.
constexpr std::size_t kMaxFree = 8;

} // namespace

struct FrameImagePool::State
{
  struct Buffer
  {
    void *data;
    std::size_t bytes;
    std::chrono::steady_clock::time_point freed;
  };

  std::mutex mutex;
  std::vector<Buffer> free;
  std::size_t inUse = 0;
  std::size_t lastBytes = 0; // the size last asked for; other sizes are not kept
  std::size_t maps = 0;
  bool alive = true;
  std::chrono::milliseconds idleRelease;

  // With `mutex` held: unmaps the free buffers idle for longer than idleRelease.
  void releaseIdle(std::chrono::steady_clock::time_point now)
  {
    std::erase_if(free, [&](const Buffer &b) {
      if (now - b.freed < idleRelease) return false;
      unmapBuffer(b.data, b.bytes);
      return true;
    });
  }
};

namespace {

struct Lease
{
  std::shared_ptr<FrameImagePool::State> state;
  void *data;
  std::size_t bytes;
};

// QImage's cleanup function: the last copy of a pool image is gone.
void giveBack(void *info)
{
  auto *lease = static_cast<Lease *>(info);
  FrameImagePool::State &s = *lease->state;
  {
    const std::lock_guard lock(s.mutex);
    s.inUse -= lease->bytes;
    const auto now = std::chrono::steady_clock::now();
    if (s.alive && lease->bytes == s.lastBytes && s.free.size() < kMaxFree)
      s.free.push_back({lease->data, lease->bytes, now});
    else
      unmapBuffer(lease->data, lease->bytes);
    s.releaseIdle(now);
  }
  delete lease;
}

} // namespace

FrameImagePool::FrameImagePool(std::chrono::milliseconds idleRelease)
    : mState(std::make_shared<State>())
{
  mState->idleRelease = idleRelease;
}

FrameImagePool::~FrameImagePool()
{
  const std::lock_guard lock(mState->mutex);
  mState->alive = false;
  for (const State::Buffer &b : mState->free)
    unmapBuffer(b.data, b.bytes);
  mState->free.clear();
}

QImage FrameImagePool::take(const QSize &size, QImage::Format format)
{
  if (size.isEmpty() || format == QImage::Format_Invalid) return {};
  const int depth = QImage::toPixelFormat(format).bitsPerPixel();
  // Rows 32-bit aligned, as QImage's own buffers are.
  const qsizetype bytesPerLine = ((static_cast<qsizetype>(size.width()) * depth + 31) / 32) * 4;
  const std::size_t bytes = static_cast<std::size_t>(bytesPerLine) * static_cast<std::size_t>(size.height());
  void *data = nullptr;
  {
    const std::lock_guard lock(mState->mutex);
    const auto now = std::chrono::steady_clock::now();
    if (bytes != mState->lastBytes) {
      // A new size: the buffers of the old one would never be taken again.
      for (const State::Buffer &b : mState->free)
        unmapBuffer(b.data, b.bytes);
      mState->free.clear();
      mState->lastBytes = bytes;
    }
    mState->releaseIdle(now);
    if (!mState->free.empty()) {
      data = mState->free.back().data; // the most recently used: its pages are likeliest cached
      mState->free.pop_back();
    } else {
      data = mapBuffer(bytes);
      ++mState->maps;
    }
    mState->inUse += bytes;
  }
  auto *lease = new Lease{mState, data, bytes};
  return QImage(static_cast<uchar *>(data), size.width(), size.height(), bytesPerLine, format, giveBack,
                lease);
}

void FrameImagePool::releaseFree()
{
  const std::lock_guard lock(mState->mutex);
  for (const State::Buffer &b : mState->free)
    unmapBuffer(b.data, b.bytes);
  mState->free.clear();
}

std::size_t FrameImagePool::bytesFree() const
{
  const std::lock_guard lock(mState->mutex);
  std::size_t n = 0;
  for (const State::Buffer &b : mState->free)
    n += b.bytes;
  return n;
}

std::size_t FrameImagePool::bytesInUse() const
{
  const std::lock_guard lock(mState->mutex);
  return mState->inUse;
}

std::size_t FrameImagePool::mapCount() const
{
  const std::lock_guard lock(mState->mutex);
  return mState->maps;
}

} // namespace layers
