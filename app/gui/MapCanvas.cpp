#include "app/gui/MapCanvas.h"

#include "data/store/Model.h"
#include "layers/render/MapRenderer.h"
#include "layers/render/Symbology.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace app {

namespace {

constexpr double kPickPixels = 5;
constexpr int kDragThreshold = 3;

struct RenderResult
{
  QImage image;
  double ms = 0;
};

} // namespace

MapCanvas::MapCanvas(QWidget *parent)
    : QWidget(parent)
{
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(200, 150);
  mRefreshTimer.setSingleShot(true);
  mRefreshTimer.setInterval(25);
  connect(&mRefreshTimer, &QTimer::timeout, this, &MapCanvas::startRender);
}

MapCanvas::~MapCanvas()
{
  if (mCancel) mCancel->store(true); // the runner waits for the job to stop
}

void MapCanvas::setMapData(std::shared_ptr<const layers::MapData> data)
{
  const bool first = !mData;
  mData = std::move(data);
  std::erase_if(mSettings.selection, [this](std::int64_t id) { return !mData || !mData->feature(id); });
  if (first || mSettings.extent.isNull())
    zoomToFullExtent();
  else
    refresh();
}

void MapCanvas::setViewOptions(const layers::MapSettings &options)
{
  const gis::Envelope extent = mSettings.extent;
  const QSize size = mSettings.size;
  const std::set<std::int64_t> selection = mSettings.selection;
  mSettings = options;
  mSettings.extent = extent;
  mSettings.size = size;
  mSettings.selection = selection;
  refresh();
}

std::vector<std::string> MapCanvas::visibleLayerIds() const
{
  std::vector<std::string> ids;
  if (!mData) return ids;
  for (const layers::MapLayer &l : mData->layers())
    if (mSettings.layerVisibleAtScale(l.id())) ids.push_back(l.id());
  return ids;
}

void MapCanvas::setExtent(const gis::Envelope &extent)
{
  if (extent.isNull()) return;
  mSettings.size = size();
  mSettings.extent = extent;
  // Store the extent that is really shown so later pixel arithmetic is exact.
  mSettings.extent = mSettings.visibleExtent();
  viewChanged();
}

void MapCanvas::zoomToFullExtent()
{
  if (!mData) return;
  gis::Envelope e = mData->extent();
  const double m = std::max(e.width(), e.height()) * 0.03;
  setExtent(gis::Envelope{e.minX - m, e.minY - m, e.maxX + m, e.maxY + m});
}

namespace {

gis::Envelope padded(gis::Envelope e, double minSize)
{
  const double m = std::max(std::max(e.width(), e.height()) * 0.1, minSize / 2);
  return gis::Envelope{e.minX - m, e.minY - m, e.maxX + m, e.maxY + m};
}

} // namespace

void MapCanvas::zoomToLayer(const std::string &layerId)
{
  if (!mData) return;
  if (const layers::MapLayer *l = mData->layer(layerId); l && !l->extent().isNull())
    setExtent(padded(l->extent(), 500));
}

void MapCanvas::zoomToSelection()
{
  if (!mData || mSettings.selection.empty()) return;
  gis::Envelope e;
  for (std::int64_t id : mSettings.selection) {
    const layers::MapLayer *layer = nullptr;
    if (const auto f = mData->feature(id, &layer); f && layer)
      e.expand(layer->envelope(static_cast<std::size_t>(layer->indexOf(id))));
  }
  if (!e.isNull()) setExtent(padded(e, 500));
}

void MapCanvas::zoomToFeature(std::int64_t id)
{
  setSelection({id});
  zoomToSelection();
}

void MapCanvas::zoomBy(double factor, const QPointF &about)
{
  if (mSettings.extent.isNull() || factor <= 0) return;
  mSettings.size = size();
  const gis::Point anchor = mSettings.toMap(about);
  const double upp = mSettings.mapUnitsPerPixel() / factor;
  const double minX = anchor.x - about.x() * upp, maxY = anchor.y + about.y() * upp;
  mSettings.extent = gis::Envelope{minX, maxY - height() * upp, minX + width() * upp, maxY};
  viewChanged();
}

void MapCanvas::panByPixels(const QPointF &delta)
{
  if (mSettings.extent.isNull()) return;
  const double upp = mSettings.mapUnitsPerPixel();
  gis::Envelope &e = mSettings.extent;
  e = gis::Envelope{e.minX - delta.x() * upp, e.minY + delta.y() * upp, e.maxX - delta.x() * upp,
                    e.maxY + delta.y() * upp};
  viewChanged();
}

void MapCanvas::setScale(double scale)
{
  if (scale <= 0 || mSettings.extent.isNull()) return;
  mSettings.size = size();
  mSettings.setScale(scale, mSettings.centre());
  viewChanged();
}

void MapCanvas::setTool(Tool tool)
{
  if (tool == Tool::Custom) return; // through setCustomTool
  if (mCustomTool) {
    MapTool *old = mCustomTool;
    mCustomTool = nullptr;
    old->deactivated();
  }
  mToolGesture = false;
  mTool = tool;
  unsetCursor();
  update();
}

void MapCanvas::setCustomTool(MapTool *tool)
{
  if (!tool) {
    setTool(Tool::Pan);
    return;
  }
  if (tool == mCustomTool) return;
  setTool(Tool::Pan);
  mCustomTool = tool;
  mTool = Tool::Custom;
  setCursor(tool->cursor());
  update();
}

void MapCanvas::addOverlay(MapOverlay *overlay)
{
  if (overlay && std::find(mOverlays.begin(), mOverlays.end(), overlay) == mOverlays.end())
    mOverlays.push_back(overlay);
  update();
}

void MapCanvas::removeOverlay(MapOverlay *overlay)
{
  std::erase(mOverlays, overlay);
  update();
}

layers::MapSettings MapCanvas::view() const
{
  layers::MapSettings v = mSettings;
  v.size = size();
  return v;
}

MapToolEvent MapCanvas::toolEvent(const QMouseEvent *event) const
{
  MapToolEvent e;
  e.pixel = event->position();
  e.map = mSettings.toMap(e.pixel);
  e.button = event->button();
  e.buttons = event->buttons();
  e.modifiers = event->modifiers();
  return e;
}

void MapCanvas::setSelection(const std::set<std::int64_t> &ids)
{
  mSettings.selection = ids;
  update();
}

void MapCanvas::viewChanged()
{
  emit extentChanged();
  update();
  refresh();
}

void MapCanvas::refresh()
{
  mRefreshTimer.start();
}

void MapCanvas::startRender()
{
  if (!mData || width() <= 0 || height() <= 0 || mSettings.extent.isNull()) return;
  if (mCancel) mCancel->store(true);
  auto cancel = std::make_shared<std::atomic_bool>(false);
  mCancel = cancel;
  layers::MapSettings snapshot = mSettings;
  snapshot.size = size();
  snapshot.selection.clear(); // drawn by the canvas over whatever image it has
  // Latest wins: a job that a newer one overtook is not shown (and was told to stop, above).
  mTasks.run(
      mRenderLane,
      [data = mData, snapshot, cancel, pool = mImagePool](const core::TaskContext &) {
        QElapsedTimer timer;
        timer.start();
        RenderResult r;
        r.image = layers::MapRenderer(data, snapshot).renderImage(cancel.get(), pool.get());
        r.ms = timer.nsecsElapsed() / 1e6;
        return r;
      },
      [this, snapshot](core::TaskResult<RenderResult> r) {
        if (r.cancelled || !r.ok() || r.value->image.isNull()) return;
        mImage = r.value->image;
        mImageSettings = snapshot;
        mLastRenderMs = r.value->ms;
        update();
        emit renderFinished(r.value->ms);
      });
}

void MapCanvas::paintEvent(QPaintEvent *)
{
  QPainter p(this);
  p.fillRect(rect(), layers::MapRenderer::background());
  if (!mImage.isNull()) {
    // The last image, moved and scaled to the current view.
    const gis::Envelope e = mImageSettings.visibleExtent();
    const QRectF target(mSettings.toPixel({e.minX, e.maxY}), mSettings.toPixel({e.maxX, e.minY}));
    const bool exact = std::abs(target.width() - mImage.width()) < 0.5;
    p.setRenderHint(QPainter::SmoothPixmapTransform, !exact);
    if (exact)
      p.drawImage(target.topLeft().toPoint(), mImage);
    else
      p.drawImage(target, mImage);
  }
  if (mData && !mSettings.selection.empty()) {
    layers::MapSettings view = mSettings;
    view.size = size();
    layers::MapRenderer::drawSelection(p, *mData, view);
  }
  if (!mOverlays.empty() && !mSettings.extent.isNull()) {
    const layers::MapSettings v = view();
    for (MapOverlay *o : mOverlays) {
      p.save();
      o->paint(p, v);
      p.restore();
    }
  }
  if (mDragging && (mBoxZoom || mTool == Tool::Select)) {
    p.setPen(QPen(QColor(0, 90, 200), 1, Qt::DashLine));
    p.setBrush(QColor(0, 90, 200, 40));
    p.drawRect(dragRect());
  }
}

void MapCanvas::resizeEvent(QResizeEvent *)
{
  if (mSettings.extent.isNull() || mSettings.size.isEmpty()) {
    mSettings.size = size();
    if (mData) zoomToFullExtent();
    return;
  }
  // Keep the centre and the scale; the window shows more or less of the map.
  const double upp = mSettings.mapUnitsPerPixel();
  const gis::Point c = mSettings.centre();
  mSettings.size = size();
  mSettings.extent = gis::Envelope{c.x - width() * upp / 2, c.y - height() * upp / 2, c.x + width() * upp / 2,
                                   c.y + height() * upp / 2};
  viewChanged();
}

void MapCanvas::wheelEvent(QWheelEvent *event)
{
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomBy(std::pow(2.0, steps), event->position());
  event->accept();
}

void MapCanvas::mousePressEvent(QMouseEvent *event)
{
  if (event->button() != Qt::LeftButton) return;
  mPressed = true;
  mDragging = false;
  mSkipRelease = false;
  mPressPos = mDragPos = event->position();
  mPressSettings = mSettings;
  mBoxZoom = mTool == Tool::ZoomBox || (event->modifiers() & Qt::ShiftModifier);
  mToolGesture = false;
  if (mCustomTool && !mBoxZoom && !mSettings.extent.isNull())
    mToolGesture = mCustomTool->press(toolEvent(event));
}

void MapCanvas::mouseMoveEvent(QMouseEvent *event)
{
  if (!mSettings.extent.isNull()) emit cursorMoved(mSettings.toMap(event->position()));
  if (mCustomTool && !mSettings.extent.isNull() && (!mPressed || mToolGesture)) {
    mCustomTool->move(toolEvent(event));
    if (mToolGesture) {
      mDragPos = event->position();
      mDragging = mDragging || (mDragPos - mPressPos).manhattanLength() >= kDragThreshold;
      return;
    }
  }
  if (!mPressed) return;
  mDragPos = event->position();
  if (!mDragging && (mDragPos - mPressPos).manhattanLength() < kDragThreshold) return;
  mDragging = true;
  if ((mTool == Tool::Pan || mTool == Tool::Custom) && !mBoxZoom) {
    // Move the view with the cursor; the render waits for the release.
    const QPointF d = mDragPos - mPressPos;
    const double upp = mPressSettings.mapUnitsPerPixel();
    const gis::Envelope &e = mPressSettings.extent;
    mSettings.extent =
        gis::Envelope{e.minX - d.x() * upp, e.minY + d.y() * upp, e.maxX - d.x() * upp, e.maxY + d.y() * upp};
    emit extentChanged();
  }
  update();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *event)
{
  if (event->button() != Qt::LeftButton || !mPressed) return;
  mPressed = false;
  mDragPos = event->position();
  if (mSkipRelease) {
    mSkipRelease = false;
    mDragging = false;
    return;
  }
  if (mToolGesture) {
    mToolGesture = false;
    mDragging = false;
    if (mCustomTool) mCustomTool->release(toolEvent(event));
    update();
    return;
  }
  if (!mDragging) {
    if (!mSettings.extent.isNull()) {
      const layers::MapSettings v = view();
      for (auto it = mOverlays.rbegin(); it != mOverlays.rend(); ++it)
        if ((*it)->click(event->position(), v)) return;
    }
    if (mCustomTool && !mBoxZoom)
      mCustomTool->click(toolEvent(event));
    else
      selectAt(event->position());
    return;
  }
  mDragging = false;
  if (mBoxZoom) {
    const QRectF r = dragRect();
    if (r.width() >= kDragThreshold && r.height() >= kDragThreshold) setExtent(mSettings.toMap(r));
  } else if (mTool == Tool::Select) {
    selectBox(dragRect());
  } else {
    viewChanged();
  }
  update();
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
  if (event->button() != Qt::LeftButton) return;
  if (!mCustomTool || mSettings.extent.isNull()) {
    mousePressEvent(event);
    return;
  }
  // The first click of the pair was a click already; the second is the double click only.
  mPressed = true;
  mDragging = false;
  mToolGesture = false;
  mSkipRelease = true;
  mPressPos = mDragPos = event->position();
  mPressSettings = mSettings;
  mCustomTool->doubleClick(toolEvent(event));
}

void MapCanvas::keyPressEvent(QKeyEvent *event)
{
  const double stepX = width() / 4.0, stepY = height() / 4.0;
  switch (event->key()) {
  case Qt::Key_Left:
    panByPixels({stepX, 0});
    break;
  case Qt::Key_Right:
    panByPixels({-stepX, 0});
    break;
  case Qt::Key_Up:
    panByPixels({0, stepY});
    break;
  case Qt::Key_Down:
    panByPixels({0, -stepY});
    break;
  case Qt::Key_Plus:
  case Qt::Key_Equal:
    zoomIn();
    break;
  case Qt::Key_Minus:
    zoomOut();
    break;
  case Qt::Key_Home:
    zoomToFullExtent();
    break;
  case Qt::Key_Escape:
    if (mCustomTool && mCustomTool->cancel()) break;
    setSelection({});
    emit selectionChanged({}, mSettings.centre());
    break;
  default:
    QWidget::keyPressEvent(event);
    return;
  }
  event->accept();
}

bool MapCanvas::event(QEvent *event)
{
  if (event->type() != QEvent::ToolTip || !mData || mSettings.extent.isNull()) return QWidget::event(event);
  auto *help = static_cast<QHelpEvent *>(event);
  const gis::Point at = mSettings.toMap(help->pos());
  const std::vector<layers::MapHit> hits =
      mData->identify(at, kPickPixels * mSettings.mapUnitsPerPixel(), visibleLayerIds());
  if (hits.empty()) {
    QToolTip::hideText();
    event->ignore();
    return true;
  }
  const layers::MapLayer *layer = mData->layer(hits.front().layerId);
  const layers::MapFeature &f = layer->feature(hits.front().index);
  QString text = QString::fromStdString(f.name.empty() ? f.code : f.name);
  const bool zh = mSettings.chinese;
  text += QStringLiteral("\n") + layers::Symbology::layerName(layer->def(), zh);
  if (layer->tracked()) text += QStringLiteral(" · ") + layers::Symbology::statusLabel(f.status, zh);
  QToolTip::showText(help->globalPos(), text, this);
  return true;
}

void MapCanvas::selectAt(const QPointF &pixel)
{
  if (!mData || mSettings.extent.isNull()) return;
  const gis::Point at = mSettings.toMap(pixel);
  const std::vector<layers::MapHit> hits =
      mData->identify(at, kPickPixels * mSettings.mapUnitsPerPixel(), visibleLayerIds());
  setSelection(hits.empty() ? std::set<std::int64_t>{} : std::set<std::int64_t>{hits.front().featureId});
  emit selectionChanged(hits, at);
}

void MapCanvas::selectBox(const QRectF &pixels)
{
  if (!mData || mSettings.extent.isNull()) return;
  const std::vector<layers::MapHit> hits = mData->select(mSettings.toMap(pixels), visibleLayerIds());
  std::set<std::int64_t> ids;
  for (const layers::MapHit &h : hits)
    ids.insert(h.featureId);
  setSelection(ids);
  const QPointF c = pixels.center();
  emit selectionChanged(hits, mSettings.toMap(c));
}

} // namespace app
